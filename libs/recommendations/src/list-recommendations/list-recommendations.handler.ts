import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  RecommendationPage,
  RecommendationsReadModel,
} from '../read-model/recommendations.read-model';
import type { Stage } from '../domain/stage';
import { CountRecommendationsByStage, ListRecommendations } from './list-recommendations.query';

@QueryHandler(ListRecommendations)
export class ListRecommendationsHandler implements IQueryHandler<
  ListRecommendations,
  RecommendationPage
> {
  constructor(private readonly readModel: RecommendationsReadModel) {}

  execute({ filter, first, after }: ListRecommendations): Promise<RecommendationPage> {
    return Promise.resolve(this.readModel.list(filter, first, after));
  }
}

@QueryHandler(CountRecommendationsByStage)
export class CountRecommendationsByStageHandler implements IQueryHandler<
  CountRecommendationsByStage,
  { stage: Stage; count: number }[]
> {
  constructor(private readonly readModel: RecommendationsReadModel) {}

  execute(): Promise<{ stage: Stage; count: number }[]> {
    return Promise.resolve(this.readModel.stageCounts());
  }
}
