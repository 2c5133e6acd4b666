import { Field, InputType } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import type { RecommendationCommand } from '../domain/decide';
import { AcceptanceDecision } from '../domain/recommendation.events';
import { LifecycleStepInput } from '../lifecycle/lifecycle-step.input';

@InputType()
export class AcceptRecommendationInput extends LifecycleStepInput {
  @Field(() => AcceptanceDecision, { defaultValue: AcceptanceDecision.ACCEPTED_IN_FULL })
  @IsEnum(AcceptanceDecision)
  decision: AcceptanceDecision = AcceptanceDecision.ACCEPTED_IN_FULL;

  toCommand(): RecommendationCommand {
    return { kind: 'AcceptRecommendation', id: this.id, decision: this.decision };
  }
}
