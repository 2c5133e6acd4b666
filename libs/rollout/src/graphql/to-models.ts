import type { RecordedEvent } from '@app/kernel';
import type { StatusReport } from '../domain/area-rollout';
import type { AreaProgress } from '../domain/roll-up';
import type { AreaRolloutView } from '../area-rollout-timeline/area-rollout-timeline';
import type { OverdueEntry } from '../overdue-milestones/overdue-milestones';
import type {
  AreaProgressModel,
  AreaRolloutModel,
  OverdueEntryModel,
  StatusReportModel,
} from './rollout.models';

const toStatusModel = (status: StatusReport | null): StatusReportModel | null =>
  status && { ...status, period: `${status.periodStart}/${status.periodEnd}` };

export const toAreaProgressModel = (area: AreaProgress): AreaProgressModel => ({
  ...area,
  region: area.regionName,
  status: toStatusModel(area.status),
});

/**
 * An area rollout as the API answers it. Its timeline is resolved from `events`
 * (AreaRolloutResolver), read only when asked for: a change's answer rarely selects it.
 */
export type AreaRolloutAnswer = Omit<AreaRolloutModel, 'timeline'> & {
  events(): Promise<RecordedEvent[]>;
};

export const toAreaRolloutModel = (view: AreaRolloutView): AreaRolloutAnswer => ({
  ...toAreaProgressModel(view.progress),
  programmeId: view.programmeId,
  version: view.version,
  replacedBy: view.replacedBy?.successors ?? [],
  replacedOn: view.replacedBy?.effectiveFrom ?? null,
  events: view.timeline,
});

export const toOverdueEntryModel = ({ area, ...entry }: OverdueEntry): OverdueEntryModel => ({
  ...entry,
  areaCode: area.areaCode,
  areaName: area.areaName,
  regionCode: area.regionCode,
  regionName: area.regionName,
});
