import { Module } from '@nestjs/common';
import { ChangeAreaRolloutHandler } from './area-change/change-area-rollout.handler';
import { AreaRolloutTimeline } from './area-rollout-timeline/area-rollout-timeline';
import { AreaRollouts } from './area-rollouts/area-rollouts';
import { RolloutExport } from './export-rollout/rollout-export';
import { RolloutExportController } from './export-rollout/rollout-export.controller';
import { MilestoneImport } from './import-milestones/milestone-import';
import { MilestoneImportController } from './import-milestones/milestone-import.controller';
import { AreaRolloutResolver } from './graphql/area-rollout.resolver';
import { RolloutResolver } from './graphql/rollout.resolver';
import { MovedTargets } from './moved-targets/moved-targets';
import { OverdueMilestones } from './overdue-milestones/overdue-milestones';
import { ChangeProgrammeHandler } from './programme-change/change-programme.handler';
import { ProgrammeRollups } from './programme-rollout/programme-rollups';
import { RolloutReadModel } from './read-model/rollout.read-model';
import { ProgrammeSeeder } from './seed/programme-seeder';

/**
 * The rollout context: programmes and their rollout area by area. Expects from its host:
 * EVENT_STORE, ReadModelDatabase, Clock, the areas context, RUN_PROJECTIONS, IMPORT_LIMIT_BYTES
 * and the CQRS command bus.
 */
@Module({
  controllers: [MilestoneImportController, RolloutExportController],
  providers: [
    RolloutReadModel,
    AreaRollouts,
    ProgrammeRollups,
    OverdueMilestones,
    MovedTargets,
    AreaRolloutTimeline,
    ChangeProgrammeHandler,
    ChangeAreaRolloutHandler,
    RolloutResolver,
    AreaRolloutResolver,
    ProgrammeSeeder,
    MilestoneImport,
    RolloutExport,
  ],
  exports: [
    RolloutReadModel,
    ProgrammeRollups,
    AreaRolloutTimeline,
    ProgrammeSeeder,
    MilestoneImport,
    RolloutExport,
    MovedTargets,
  ],
})
export class RolloutModule {}
