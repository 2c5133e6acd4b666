import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { TimeSlice } from '@app/kernel';
import { Cost, DateScalar, DateTimeScalar, inPage, PageInfoModel } from '@app/platform';
import { AcceptanceDecision, RolloutScope } from '../domain/recommendation.events';
import { Stage } from '../domain/stage';

registerEnumType(Stage, {
  name: 'Stage',
  description: 'Where a recommendation is in its lifecycle',
});
registerEnumType(AcceptanceDecision, { name: 'AcceptanceDecision' });
registerEnumType(RolloutScope, { name: 'RolloutScope' });

@ObjectType()
export class RecommendationSourceModel {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) url!: string | null;
}

@ObjectType('Decision')
export class DecisionModel {
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => DateTimeScalar, { description: 'Business time of the decision' })
  decidedAt!: string;
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
  @Field(() => DateScalar, { nullable: true }) periodStart!: string | null;
  @Field(() => DateScalar, { nullable: true }) periodEnd!: string | null;
  @Field(() => DateTimeScalar) fundedAt!: string;
}

@ObjectType('Pilot')
export class PilotModel {
  @Field(() => [ID], { description: 'ONS GSS codes of the pilot areas' }) areas!: string[];
  @Field(() => DateScalar) startDate!: string;
  @Field(() => DateScalar, { nullable: true }) plannedEndDate!: string | null;
}

@ObjectType('Rollout')
export class RolloutModel {
  @Field(() => RolloutScope) scope!: RolloutScope;
  @Field(() => [ID], { description: 'ONS GSS codes of the areas' }) areas!: string[];
  @Field(() => DateScalar) rolloutDate!: string;
}

@ObjectType('Recommendation')
export class RecommendationModel {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) summary!: string | null;
  @Field(() => RecommendationSourceModel) source!: RecommendationSourceModel;
  @Field() theme!: string;
  @Field(() => String, { nullable: true }) owner!: string | null;
  @Field(() => Stage) stage!: Stage;
  @Field(() => Int, { description: 'Stream version: pass it as expectedVersion to guard a change' })
  version!: number;
  @Field(() => DateTimeScalar) proposedAt!: string;
  @Field(() => DateTimeScalar, { description: 'Business time of the latest step' })
  stageChangedAt!: string;
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
  @Field({ description: 'Opaque: pass it as after to read on from this item' }) cursor!: string;
  @Field(() => RecommendationModel) node!: RecommendationModel;
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
