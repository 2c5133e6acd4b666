import { Query } from '@nestjs/cqrs';
import type {
  RecommendationFilter,
  RecommendationPage,
} from '../read-model/recommendations.read-model';
import type { Stage } from '../domain/stage';

export class ListRecommendations extends Query<RecommendationPage> {
  constructor(
    readonly filter: RecommendationFilter,
    readonly first: number,
    readonly after: string | null,
  ) {
    super();
  }
}

export class CountRecommendationsByStage extends Query<{ stage: Stage; count: number }[]> {}
