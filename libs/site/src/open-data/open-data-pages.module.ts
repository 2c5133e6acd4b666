import { Module } from '@nestjs/common';
import { PublicViewModule } from '../public-view/public-view.module';
import { OpenData } from './open-data';
import { OpenDataController } from './open-data.controller';

/** The open data downloads and their data dictionary. */
@Module({ imports: [PublicViewModule], controllers: [OpenDataController], providers: [OpenData] })
export class OpenDataPagesModule {}
