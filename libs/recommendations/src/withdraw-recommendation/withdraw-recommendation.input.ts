import { InputType } from '@nestjs/graphql';
import type { RecommendationCommand } from '../domain/decide';
import { LifecycleStepInput } from '../lifecycle/lifecycle-step.input';

@InputType({ description: 'A withdrawal needs a reason' })
export class WithdrawRecommendationInput extends LifecycleStepInput {
  toCommand(): RecommendationCommand {
    return { kind: 'WithdrawRecommendation', id: this.id };
  }
}
