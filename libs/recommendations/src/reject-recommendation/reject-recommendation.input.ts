import { InputType } from '@nestjs/graphql';
import type { RecommendationCommand } from '../domain/decide';
import { LifecycleMoveInput } from '../lifecycle/lifecycle-step.input';

@InputType({ description: 'A rejection needs a reason' })
export class RejectRecommendationInput extends LifecycleMoveInput {
  toCommand(): RecommendationCommand {
    return { kind: 'RejectRecommendation', id: this.id, evidenceUrl: this.evidenceUrl ?? null };
  }
}
