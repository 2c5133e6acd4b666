import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/kernel';
import type { StreamCommandResult } from '@app/event-store';
import type { RecommendationCommand } from '../domain/decide';
import type { RecommendationState } from '../domain/recommendation.state';

export type RecommendationChange = StreamCommandResult<RecommendationState>;

/** Any lifecycle step on one recommendation, with the envelope of who asks and why. */
export class ChangeRecommendation extends Command<RecommendationChange> {
  constructor(
    readonly command: RecommendationCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}
