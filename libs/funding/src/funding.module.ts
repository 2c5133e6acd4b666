import { Module } from '@nestjs/common';
import { ChangeFundingHandler } from './change-funding/change-funding.handler';
import { FundingQueries } from './funding-by-region/funding-queries';
import { FundingResolver } from './graphql/funding.resolver';
import { FundingReadModel } from './read-model/funding.read-model';

/**
 * The funding context: grants allocated to local authorities, programme by programme. Expects
 * from its host: EVENT_STORE, ReadModelDatabase, Clock, the areas context, RUN_PROJECTIONS and
 * the CQRS command bus.
 */
@Module({
  providers: [FundingReadModel, FundingQueries, ChangeFundingHandler, FundingResolver],
  exports: [FundingReadModel, FundingQueries],
})
export class FundingModule {}
