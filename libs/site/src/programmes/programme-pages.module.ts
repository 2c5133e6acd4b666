import { Module } from '@nestjs/common';
import { hexGrid, shippedHexJson } from './hex-map';
import { ENGLAND_HEX_GRID, ProgrammePagesController } from './programme-pages.controller';

/** The programme pages. Their queries come from the rollout and areas contexts (via CoreModule). */
@Module({
  controllers: [ProgrammePagesController],
  providers: [{ provide: ENGLAND_HEX_GRID, useFactory: () => hexGrid(shippedHexJson()) }],
})
export class ProgrammePagesModule {}
