import { Query } from '@nestjs/cqrs';
import type { RecordedEvent } from '@app/event-store';
import { CURRENT, TimeSlice } from '@app/kernel';
import type { RecommendationState } from '../domain/recommendation.state';

export interface RecommendationWithHistory {
  state: RecommendationState;
  events: RecordedEvent[];
}

/**
 * One recommendation folded from its own stream: never behind a projection. In a time slice,
 * only the events recorded by asOf that had happened by validAt are folded.
 */
export class GetRecommendation extends Query<RecommendationWithHistory | null> {
  constructor(
    readonly id: string,
    readonly slice: TimeSlice = CURRENT,
  ) {
    super();
  }
}
