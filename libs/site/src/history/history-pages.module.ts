import { Module } from '@nestjs/common';
import { PublicViewModule } from '../public-view/public-view.module';
import { ChangesController } from './changes.controller';
import { HistoryController } from './history.controller';

/**
 * The history pages for signed-in readers, and what changed between two dates. The audit trail, its verifier and the other
 * contexts' queries come from CoreModule; the names steps are written with, from the public view.
 */
@Module({ imports: [PublicViewModule], controllers: [HistoryController, ChangesController] })
export class HistoryPagesModule {}
