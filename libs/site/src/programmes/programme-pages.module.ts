import { Module } from '@nestjs/common';
import { hexGrid, shippedHexJson } from './hex-map';
import { ProgrammePageQueries } from './programme-page-queries';
import { ENGLAND_HEX_GRID, ProgrammePagesController } from './programme-pages.controller';

/**
 * The public programme pages. Their queries come from the rollout and areas contexts (via
 * CoreModule); the signed-in programme pages (overview/) read the same.
 */
@Module({
  controllers: [ProgrammePagesController],
  providers: [
    ProgrammePageQueries,
    { provide: ENGLAND_HEX_GRID, useFactory: () => hexGrid(shippedHexJson()) },
  ],
  exports: [ProgrammePageQueries, ENGLAND_HEX_GRID],
})
export class ProgrammePagesModule {}
