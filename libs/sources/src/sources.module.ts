import { Module } from '@nestjs/common';
import { SourceCatalogue } from '@app/kernel';
import { ChangeSourceHandler } from './change-source/change-source.handler';
import { StoreSourceCatalogue } from './store-source-catalogue';

/**
 * The sources context: the documents recommendations come from. Expects from its host:
 * EVENT_STORE, Clock and the CQRS command bus. Provides the kernel's SourceCatalogue.
 */
@Module({
  providers: [{ provide: SourceCatalogue, useClass: StoreSourceCatalogue }, ChangeSourceHandler],
  exports: [SourceCatalogue],
})
export class SourcesModule {}
