import { Module } from '@nestjs/common';
import { SourcesController } from './sources.controller';

/** The sources' pages. Their queries come from the sources context (via CoreModule). */
@Module({ controllers: [SourcesController] })
export class SourcePagesModule {}
