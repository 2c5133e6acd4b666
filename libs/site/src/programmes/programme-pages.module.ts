import { Module } from '@nestjs/common';
import { EvaluationFindings } from '../evaluations/evaluation-findings';
import { FundingPagesModule } from '../funding/funding-pages.module';
import { hexGrid, shippedHexJson } from './hex-map';
import { ENGLAND_HEX_GRID, ProgrammePages } from './programme-pages';
import { ProgrammePagesController } from './programme-pages.controller';

/**
 * The public programme pages. Their queries come from the rollout, areas and evaluations contexts (via
 * CoreModule); the signed-in programme pages (overview/) are served by the same ProgrammePages.
 */
@Module({
  imports: [FundingPagesModule],
  controllers: [ProgrammePagesController],
  providers: [
    ProgrammePages,
    EvaluationFindings,
    { provide: ENGLAND_HEX_GRID, useFactory: () => hexGrid(shippedHexJson()) },
  ],
  exports: [ProgrammePages],
})
export class ProgrammePagesModule {}
