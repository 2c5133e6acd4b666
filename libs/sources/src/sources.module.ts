import { Module } from '@nestjs/common';
import { SourceCatalogue } from '@app/kernel';
import { ChangeSourceHandler } from './change-source/change-source.handler';
import { SourcesResolver } from './graphql/sources.resolver';
import { SourcesReadModel } from './read-model/sources.read-model';
import { SourceSeeder } from './seed/source-seeder';
import { StoreSourceCatalogue } from './store-source-catalogue';

/**
 * The sources context: the documents recommendations come from. Expects from its host:
 * EVENT_STORE, ReadModelDatabase, Clock, RUN_PROJECTIONS and the CQRS command bus. Provides the kernel's SourceCatalogue.
 */
@Module({
  providers: [
    StoreSourceCatalogue,
    { provide: SourceCatalogue, useExisting: StoreSourceCatalogue },
    ChangeSourceHandler,
    SourcesReadModel,
    SourcesResolver,
    SourceSeeder,
  ],
  exports: [SourceCatalogue, StoreSourceCatalogue, SourcesReadModel, SourceSeeder],
})
export class SourcesModule {}
