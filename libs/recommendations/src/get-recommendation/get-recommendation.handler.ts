import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { recommendationStream } from '../domain/recommendation.events';
import { foldStored } from '../domain/recorded';
import { GetRecommendation, RecommendationWithHistory } from './get-recommendation.query';

@QueryHandler(GetRecommendation)
export class GetRecommendationHandler implements IQueryHandler<
  GetRecommendation,
  RecommendationWithHistory | null
> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ id }: GetRecommendation): Promise<RecommendationWithHistory | null> {
    const events = await this.store.readStream(recommendationStream(id));
    const state = foldStored(events);
    return state ? { state, events } : null;
  }
}
