export * from './domain/area-rollout';
export { areaChangeOf, ChangeAreaRollout } from './area-change/change-area-rollout.command';
export { ReportMilestoneInput } from './report-milestone/report-milestone.input';
export { ReportStatusInput } from './report-status/report-status.input';
export * from './domain/policy';
export * from './domain/programme';
export * from './domain/roll-up';
export * from './export-rollout/rollout-csv';
export * from './export-rollout/rollout-export';
export * from './import-milestones/milestone-csv';
export * from './import-milestones/milestone-import';
export * from './area-rollout-timeline/area-rollout-timeline';
export * from './programme-rollout/programme-rollups';
export {
  byMostOverdue,
  overdueEntriesOf,
  type OverdueEntry,
} from './overdue-milestones/overdue-milestones';
export * from './read-model/rollout.read-model';
export * from './rollout.module';
export * from './seed/programme-seeder';
export { areaRolloutFolder, foldProgramme } from './domain/recorded';
export * from './read-model/rollout.projections';
export * from './domain/moved-targets';
export * from './moved-targets/moved-targets';
export * from './moved-targets/moved-targets-csv';
export * from './domain/programme-facts';
