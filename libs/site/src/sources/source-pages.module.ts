import { Module } from '@nestjs/common';
import { SourceFormsController } from './source-forms.controller';
import { SourcesController } from './sources.controller';

/** The sources' pages and the board's forms. Their queries come from the sources context (via CoreModule). */
@Module({ controllers: [SourcesController, SourceFormsController] })
export class SourcePagesModule {}
