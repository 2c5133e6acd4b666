import { Module } from '@nestjs/common';
import { PublicViewModule } from '../public-view/public-view.module';
import { HistoryController } from './history.controller';

/**
 * The history pages for signed-in readers. The audit trail, its verifier and the other
 * contexts' queries come from CoreModule; the names steps are written with, from the public view.
 */
@Module({ imports: [PublicViewModule], controllers: [HistoryController] })
export class HistoryPagesModule {}
