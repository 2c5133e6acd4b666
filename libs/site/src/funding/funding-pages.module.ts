import { Module } from '@nestjs/common';
import { FundingPages } from './funding-pages';
import { FundingPagesController } from './funding-pages.controller';

/** The funding pages; their queries come from the funding, rollout and areas contexts (CoreModule). */
@Module({
  controllers: [FundingPagesController],
  providers: [FundingPages],
  exports: [FundingPages],
})
export class FundingPagesModule {}
