import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { TimeSlice } from '@app/kernel';
import { Cost, DateScalar, DateTimeScalar, inPage, PageInfoModel } from '@app/platform';
import {
  AcceptanceDecision,
  LinkRelation,
  RecommendationSource,
  ResponseDecision,
  RolloutScope,
} from '../domain/recommendation.events';
import { Stage } from '../domain/stage';

registerEnumType(Stage, {
  name: 'Stage',
  description: 'Where a recommendation is in its lifecycle',
});
registerEnumType(AcceptanceDecision, { name: 'AcceptanceDecision' });
registerEnumType(RolloutScope, { name: 'RolloutScope' });
registerEnumType(ResponseDecision, {
  name: 'ResponseDecision',
  description: "The government's response to a recommendation",
});
registerEnumType(LinkRelation, {
  name: 'LinkRelation',
  description: 'How one recommendation stands to another',
});

@ObjectType({ description: 'The source by title and link' })
export class RecommendationSourceModel {
  @Field({ description: "The source's title (or, for older proposals, the name they gave)" })
  name!: string;
  @Field(() => String, { nullable: true }) url!: string | null;
}

/** What every step keeps besides its own facts. */
@ObjectType({ isAbstract: true })
export abstract class StepModel {
  @Field(() => String, { nullable: true, description: 'A link to the public record of the step' })
  evidenceUrl!: string | null;
  @Field(() => [Stage], {
    description: 'The stages this step moved past without a dated public fact, in order',
  })
  skippedStages!: Stage[];
}

@ObjectType('Decision')
export class DecisionModel extends StepModel {
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => DateTimeScalar, { description: 'Business time of the decision' })
  decidedAt!: string;
}

@ObjectType('GovernmentResponse')
export class GovernmentResponseModel {
  @Field(() => ResponseDecision) decision!: ResponseDecision;
  @Field(() => DateScalar) respondedOn!: string;
  @Field() evidenceUrl!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType('RecommendationLink')
export class RecommendationLinkModel {
  @Field(() => LinkRelation) relation!: LinkRelation;
  @Field(() => ID, { description: 'The recommendation at the other end' }) otherId!: string;
  @Field(() => DateTimeScalar, { description: 'Business time the link was made' })
  linkedAt!: string;
}

@ObjectType('Acceptance')
export class AcceptanceModel extends DecisionModel {
  @Field(() => AcceptanceDecision) decision!: AcceptanceDecision;
}

@ObjectType('Funding')
export class FundingModel extends StepModel {
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
export class PilotModel extends StepModel {
  @Field(() => [ID], { description: 'ONS GSS codes of the pilot areas' }) areas!: string[];
  @Field(() => DateScalar) startDate!: string;
  @Field(() => DateScalar, { nullable: true }) plannedEndDate!: string | null;
}

@ObjectType('Rollout')
export class RolloutModel extends StepModel {
  @Field(() => RolloutScope) scope!: RolloutScope;
  @Field(() => [ID], { description: 'ONS GSS codes of the areas' }) areas!: string[];
  @Field(() => DateScalar) rolloutDate!: string;
}

@ObjectType('Recommendation')
export class RecommendationModel {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) summary!: string | null;
  @Field(() => String, { nullable: true, description: 'Null for proposals made before sources' })
  sourceId!: string | null;
  /** Resolved by title from the sources (older proposals named it in free text). */
  source!: RecommendationSource | null;
  @Field(() => String, {
    nullable: true,
    description: "One of its source's themes; null when the source lists none",
  })
  theme!: string | null;
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
  @Field(() => GovernmentResponseModel, {
    nullable: true,
    description: "The government's latest response by its date; earlier ones are in history",
  })
  governmentResponse!: GovernmentResponseModel | null;
  @Field(() => [RecommendationLinkModel], { description: 'Links from this one to others' })
  links!: RecommendationLinkModel[];
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
