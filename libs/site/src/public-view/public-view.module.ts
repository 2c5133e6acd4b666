import { Module } from '@nestjs/common';
import { PublicHistory } from './public-history';

/** The public history, for the open data and the feeds (its read models come from CoreModule). */
@Module({ providers: [PublicHistory], exports: [PublicHistory] })
export class PublicViewModule {}
