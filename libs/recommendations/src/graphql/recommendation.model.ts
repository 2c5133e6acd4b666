import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Cost, inPage, Role, TimeSlice } from '@app/kernel';
import { AcceptanceDecision, RolloutScope } from '../domain/recommendation.events';
import { Stage } from '../domain/stage';
import { JSONScalar } from './json.scalar';

registerEnumType(Stage, {
  name: 'Stage',
  description: 'Where a recommendation is in its lifecycle',
});
registerEnumType(AcceptanceDecision, { name: 'AcceptanceDecision' });
registerEnumType(RolloutScope, { name: 'RolloutScope' });
registerEnumType(Role, { name: 'Role' });

@ObjectType()
export class RecommendationSourceModel {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) url!: string | null;
}

@ObjectType('Decision')
export class DecisionModel {
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field({ description: 'Business time of the decision' }) decidedAt!: string;
}

@ObjectType('Acceptance')
export class AcceptanceModel extends DecisionModel {
  @Field(() => AcceptanceDecision) decision!: AcceptanceDecision;
}

@ObjectType('Funding')
export class FundingModel {
  @Field(() => Float, {
    nullable: true,
    description: 'Amount in whole pence; null where not recorded',
  })
  amountPence!: number | null;
  @Field() fundingSource!: string;
  @Field(() => String, { nullable: true }) periodStart!: string | null;
  @Field(() => String, { nullable: true }) periodEnd!: string | null;
  @Field() fundedAt!: string;
}

@ObjectType('Pilot')
export class PilotModel {
  @Field(() => [String], { description: 'ONS GSS codes of the pilot areas' }) areas!: string[];
  @Field() startDate!: string;
  @Field(() => String, { nullable: true }) plannedEndDate!: string | null;
}

@ObjectType('Rollout')
export class RolloutModel {
  @Field(() => RolloutScope) scope!: RolloutScope;
  @Field(() => [String]) areas!: string[];
  @Field() rolloutDate!: string;
}

@ObjectType('Actor')
export class ActorModel {
  @Field() id!: string;
  @Field() name!: string;
  @Field(() => Role) role!: Role;
  @Field(() => String, { nullable: true, description: "ONS GSS code of a local authority's area" })
  organisation!: string | null;
}

const WITHHELD =
  "null (evidence empty) when withheld: a local authority sees who did what and why only for its own area's events and its own acts";

@ObjectType('HistoryEntry', { description: 'One stored event with its metadata' })
export class HistoryEntryModel {
  @Field({ description: 'The stream the event belongs to' }) streamId!: string;
  @Field() type!: string;
  @Field(() => Int, { description: 'Version of the stream after this event' }) version!: number;
  @Field(() => Float, { description: 'Position in the global order of events' }) position!: number;
  @Field(() => JSONScalar) data!: unknown;
  @Field(() => ActorModel, { nullable: true, description: `Who did it; ${WITHHELD}` })
  actor!: ActorModel | null;
  @Field({ description: 'When it happened in the world' }) occurredAt!: string;
  @Field({ description: 'When the system recorded it' }) recordedAt!: string;
  @Field(() => String, { nullable: true, description: `Why; ${WITHHELD}` }) reason!: string | null;
  @Field(() => [String], { description: WITHHELD }) evidence!: string[];
  @Field(() => String, { nullable: true, description: WITHHELD }) commandId!: string | null;
  @Field(() => String, { nullable: true, description: WITHHELD }) correlationId!: string | null;
  @Field(() => String, { nullable: true }) causationId!: string | null;
  @Field(() => JSONScalar, {
    nullable: true,
    description: `The metadata as stored, integrity included; ${WITHHELD}`,
  })
  metadata!: unknown;
}

@ObjectType('Recommendation')
export class RecommendationModel {
  @Field() id!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) summary!: string | null;
  @Field(() => RecommendationSourceModel) source!: RecommendationSourceModel;
  @Field() theme!: string;
  @Field(() => String, { nullable: true }) owner!: string | null;
  @Field(() => Stage) stage!: Stage;
  @Field(() => Int, { description: 'Stream version: pass it as expectedVersion to guard a change' })
  version!: number;
  @Field() proposedAt!: string;
  @Field({ description: 'Business time of the latest step' }) stageChangedAt!: string;
  @Field(() => AcceptanceModel, { nullable: true }) acceptance!: AcceptanceModel | null;
  @Field(() => DecisionModel, { nullable: true }) rejection!: DecisionModel | null;
  @Field(() => FundingModel, { nullable: true }) funding!: FundingModel | null;
  @Field(() => PilotModel, { nullable: true }) pilot!: PilotModel | null;
  @Field(() => RolloutModel, { nullable: true }) rollout!: RolloutModel | null;
  @Field(() => DecisionModel, { nullable: true }) withdrawal!: DecisionModel | null;
  /** The time slice it was read in, so its history shows the same events. Not in the schema. */
  timeSlice?: TimeSlice;
}

@ObjectType('RecommendationEdge')
export class RecommendationEdgeModel {
  @Field() cursor!: string;
  @Field(() => RecommendationModel) node!: RecommendationModel;
}

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field() hasNextPage!: boolean;
}

@ObjectType('RecommendationConnection')
export class RecommendationConnectionModel {
  @Field(() => [RecommendationEdgeModel]) @Cost(inPage) edges!: RecommendationEdgeModel[];
  @Field(() => [RecommendationModel]) @Cost(inPage) nodes!: RecommendationModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
  @Field(() => Int) totalCount!: number;
}

@ObjectType('StageCount')
export class StageCountModel {
  @Field(() => Stage) stage!: Stage;
  @Field(() => Int) count!: number;
}
