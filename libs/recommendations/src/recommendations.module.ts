import { Module } from '@nestjs/common';
import { ChangeRecommendationHandler } from './lifecycle/change-recommendation.handler';
import { RecommendationResolver } from './graphql/recommendation.resolver';
import { RecommendationQueries } from './recommendation-queries/recommendation-queries';
import { RecommendationsReadModel } from './read-model/recommendations.read-model';
import { RecommendationSeeder } from './seed/recommendation-seeder';
import { ShippedRecommendations } from './shipped-recommendations';

/**
 * The recommendations context. Expects from its host: EVENT_STORE, ReadModelDatabase, Clock,
 * LocalAuthorityRegister, RUN_PROJECTIONS and the CQRS command bus.
 */
@Module({
  providers: [
    { provide: ShippedRecommendations, useFactory: () => ShippedRecommendations.load() },
    RecommendationsReadModel,
    ChangeRecommendationHandler,
    RecommendationQueries,
    RecommendationResolver,
    RecommendationSeeder,
  ],
  exports: [RecommendationsReadModel, RecommendationQueries, RecommendationSeeder],
})
export class RecommendationsModule {}
