import { InputType } from '@nestjs/graphql';
import type { RecommendationCommand } from '../domain/decide';
import { LifecycleStepInput } from '../lifecycle/lifecycle-step.input';

@InputType({ description: 'A rejection needs a reason' })
export class RejectRecommendationInput extends LifecycleStepInput {
  toCommand(): RecommendationCommand {
    return { kind: 'RejectRecommendation', id: this.id };
  }
}
