import { Module } from '@nestjs/common';
import { AllocationPagesController } from './allocation-pages.controller';
import { FundingPages } from './funding-pages';
import { FundingPagesController } from './funding-pages.controller';

/** The funding pages and the board's forms for grant allocations; their queries come from the funding, rollout and areas contexts (CoreModule). */
@Module({
  controllers: [FundingPagesController, AllocationPagesController],
  providers: [FundingPages],
  exports: [FundingPages],
})
export class FundingPagesModule {}
