import { Module } from '@nestjs/common';
import { PublicViewModule } from '../public-view/public-view.module';
import { FeedsController } from './feeds.controller';

/** The Atom feeds of public changes. */
@Module({ imports: [PublicViewModule], controllers: [FeedsController] })
export class FeedsModule {}
