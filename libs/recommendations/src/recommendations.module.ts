import { Module } from '@nestjs/common';
import { RegisterImport } from './import-register/register-import';
import { RegisterImportController } from './import-register/register-import.controller';
import { ChangeRecommendationHandler } from './lifecycle/change-recommendation.handler';
import { RecommendationResolver } from './graphql/recommendation.resolver';
import { RecommendationQueries } from './recommendation-queries/recommendation-queries';
import { RecommendationsReadModel } from './read-model/recommendations.read-model';
import { RecommendationSeeder } from './seed/recommendation-seeder';
import { ShippedRecommendations } from './shipped-recommendations';

/**
 * The recommendations context. Expects from its host: EVENT_STORE, ReadModelDatabase, Clock,
 * LocalAuthorityRegister, RUN_PROJECTIONS, the CQRS command bus, and for the register
 * import the sources context, IMPORT_LIMIT_BYTES and Metrics.
 */
@Module({
  controllers: [RegisterImportController],
  providers: [
    { provide: ShippedRecommendations, useFactory: () => ShippedRecommendations.load() },
    RecommendationsReadModel,
    ChangeRecommendationHandler,
    RecommendationQueries,
    RecommendationResolver,
    RecommendationSeeder,
    RegisterImport,
  ],
  exports: [RecommendationsReadModel, RecommendationQueries, RecommendationSeeder, RegisterImport],
})
export class RecommendationsModule {}
