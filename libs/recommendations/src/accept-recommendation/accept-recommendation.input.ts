import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import type { RecommendationCommand } from '../domain/decide';
import { AcceptanceDecision } from '../domain/recommendation.events';
import { LifecycleMoveInput } from '../lifecycle/lifecycle-step.input';

@InputType()
export class AcceptRecommendationInput extends LifecycleMoveInput {
  // Optional rather than a GraphQL default: Mercurius' JIT drops input defaults.
  @Field(() => AcceptanceDecision, { nullable: true, description: 'Defaults to ACCEPTED_IN_FULL' })
  @IsOptional()
  @IsEnum(AcceptanceDecision)
  decision?: AcceptanceDecision | null;

  toCommand(): RecommendationCommand {
    return {
      kind: 'AcceptRecommendation',
      id: this.id,
      evidenceUrl: this.evidenceUrl ?? null,
      decision: this.decision ?? AcceptanceDecision.ACCEPTED_IN_FULL,
    };
  }
}
