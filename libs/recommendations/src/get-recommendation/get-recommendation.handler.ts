import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { recommendationStream } from '../domain/recommendation.events';
import { foldStored, visibleIn } from '../domain/recorded';
import { GetRecommendation, RecommendationWithHistory } from './get-recommendation.query';

@QueryHandler(GetRecommendation)
export class GetRecommendationHandler implements IQueryHandler<
  GetRecommendation,
  RecommendationWithHistory | null
> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ id, slice }: GetRecommendation): Promise<RecommendationWithHistory | null> {
    const events = visibleIn(await this.store.readStream(recommendationStream(id)), slice);
    const state = foldStored(events);
    return state ? { state, events } : null;
  }
}
