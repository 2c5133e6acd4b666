import { Query } from '@nestjs/cqrs';
import type {
  RecommendationFilter,
  RecommendationPage,
} from '../read-model/recommendations.read-model';
import type { Stage } from '../domain/stage';
import { CURRENT, TimeSlice } from '@app/kernel';

export class ListRecommendations extends Query<RecommendationPage> {
  constructor(
    readonly filter: RecommendationFilter,
    readonly first: number,
    readonly after: string | null,
  ) {
    super();
  }
}

/** Counts by stage from the read model, or, in a time slice, by folding every recommendation. */
export class CountRecommendationsByStage extends Query<{ stage: Stage; count: number }[]> {
  constructor(readonly slice: TimeSlice = CURRENT) {
    super();
  }
}
