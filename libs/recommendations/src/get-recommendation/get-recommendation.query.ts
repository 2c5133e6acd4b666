import { Query } from '@nestjs/cqrs';
import type { RecordedEvent } from '@app/event-store';
import type { RecommendationState } from '../domain/recommendation.state';

export interface RecommendationWithHistory {
  state: RecommendationState;
  events: RecordedEvent[];
}

/** One recommendation folded from its own stream: always current, never behind a projection. */
export class GetRecommendation extends Query<RecommendationWithHistory | null> {
  constructor(readonly id: string) {
    super();
  }
}
