import { Module } from '@nestjs/common';
import { ChangeAreaRolloutHandler } from './area-change/change-area-rollout.handler';
import { AreaRolloutTimeline } from './area-rollout-timeline/area-rollout-timeline';
import { RolloutResolver } from './graphql/rollout.resolver';
import { OverdueMilestones } from './overdue-milestones/overdue-milestones';
import { ChangeProgrammeHandler } from './programme-change/change-programme.handler';
import { ProgrammeRollups } from './programme-rollout/programme-rollups';
import { RolloutReadModel } from './read-model/rollout.read-model';
import { ProgrammeSeeder } from './seed/programme-seeder';

/**
 * The rollout context: programmes and their rollout area by area. Expects from its host:
 * EVENT_STORE, ReadModelDatabase, Clock, the areas context, RUN_PROJECTIONS and the CQRS buses.
 */
@Module({
  providers: [
    RolloutReadModel,
    ProgrammeRollups,
    OverdueMilestones,
    AreaRolloutTimeline,
    ChangeProgrammeHandler,
    ChangeAreaRolloutHandler,
    RolloutResolver,
    ProgrammeSeeder,
  ],
  exports: [RolloutReadModel, ProgrammeRollups, ProgrammeSeeder],
})
export class RolloutModule {}
