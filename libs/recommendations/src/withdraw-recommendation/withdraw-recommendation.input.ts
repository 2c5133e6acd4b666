import { InputType } from '@nestjs/graphql';
import type { RecommendationCommand } from '../domain/decide';
import { LifecycleMoveInput } from '../lifecycle/lifecycle-step.input';

@InputType({ description: 'A withdrawal needs a reason' })
export class WithdrawRecommendationInput extends LifecycleMoveInput {
  toCommand(): RecommendationCommand {
    return { kind: 'WithdrawRecommendation', id: this.id, evidenceUrl: this.evidenceUrl ?? null };
  }
}
