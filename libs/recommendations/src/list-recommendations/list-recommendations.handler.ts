import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { isCurrent } from '@app/kernel';
import { recommendationStream } from '../domain/recommendation.events';
import { foldStored, visibleIn } from '../domain/recorded';
import { countByStage, Stage } from '../domain/stage';
import {
  RecommendationPage,
  RecommendationsReadModel,
} from '../read-model/recommendations.read-model';
import { CountRecommendationsByStage, ListRecommendations } from './list-recommendations.query';

@QueryHandler(ListRecommendations)
export class ListRecommendationsHandler implements IQueryHandler<
  ListRecommendations,
  RecommendationPage
> {
  constructor(private readonly readModel: RecommendationsReadModel) {}

  execute({ filter, first, after }: ListRecommendations): Promise<RecommendationPage> {
    return this.readModel.list(filter, first, after);
  }
}

@QueryHandler(CountRecommendationsByStage)
export class CountRecommendationsByStageHandler implements IQueryHandler<
  CountRecommendationsByStage,
  { stage: Stage; count: number }[]
> {
  constructor(
    private readonly readModel: RecommendationsReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({
    slice,
  }: CountRecommendationsByStage): Promise<{ stage: Stage; count: number }[]> {
    if (isCurrent(slice)) return this.readModel.stageCounts();
    const stages = await Promise.all(
      (await this.readModel.ids()).map(async (id) => {
        const events = await this.store.readStream(recommendationStream(id));
        return foldStored(visibleIn(events, slice))?.stage;
      }),
    );
    return countByStage(stages.filter((stage): stage is Stage => stage !== undefined));
  }
}
