import { Module } from '@nestjs/common';
import { ChangeRecommendationHandler } from './lifecycle/change-recommendation.handler';
import { GetRecommendationHandler } from './get-recommendation/get-recommendation.handler';
import {
  CountRecommendationsByStageHandler,
  ListRecommendationsHandler,
} from './list-recommendations/list-recommendations.handler';
import { RecommendationResolver } from './graphql/recommendation.resolver';
import { RecommendationsReadModel } from './read-model/recommendations.read-model';
import { RecommendationSeeder } from './seed/recommendation-seeder';
import { ShippedRecommendations } from './shipped-recommendations';

/**
 * The recommendations context. Expects from its host: EVENT_STORE, ReadModelDatabase, Clock,
 * LocalAuthorityRegister, RUN_PROJECTIONS and the CQRS buses.
 */
@Module({
  providers: [
    { provide: ShippedRecommendations, useFactory: () => ShippedRecommendations.load() },
    RecommendationsReadModel,
    ChangeRecommendationHandler,
    GetRecommendationHandler,
    ListRecommendationsHandler,
    CountRecommendationsByStageHandler,
    RecommendationResolver,
    RecommendationSeeder,
  ],
  exports: [RecommendationsReadModel, RecommendationSeeder],
})
export class RecommendationsModule {}
