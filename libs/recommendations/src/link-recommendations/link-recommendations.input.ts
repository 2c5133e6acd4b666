import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, Matches, MaxLength } from 'class-validator';
import type { RecommendationCommand } from '../domain/decide';
import { LinkRelation } from '../domain/recommendation.events';
import { LifecycleStepInput, RECOMMENDATION_ID_PATTERN } from '../lifecycle/lifecycle-step.input';

@InputType({ description: 'id stands in this relation to otherId; both pages show the link' })
export class LinkRecommendationsInput extends LifecycleStepInput {
  @Field(() => LinkRelation)
  @IsEnum(LinkRelation)
  relation!: LinkRelation;

  @Field(() => ID, { description: 'The other recommendation, e.g. CSC-FAMILY-HELP' })
  @Matches(RECOMMENDATION_ID_PATTERN, {
    message: 'otherId must be upper-case letters and digits joined by hyphens',
  })
  @MaxLength(64)
  otherId!: string;

  toCommand(): RecommendationCommand {
    return {
      kind: 'LinkRecommendations',
      id: this.id,
      relation: this.relation,
      otherId: this.otherId,
    };
  }
}
