import { OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { EventStore } from '../event-store.port';
import type { Projection } from './projection';
import { ProjectionRunner, ProjectionStatus, StatusOptions } from './projection-runner';
import type { ReadModelDatabase } from './read-model-database';

/**
 * A read model kept by one projection, as a Nest provider: its tables set up at start, the
 * projection run where this process runs projections (the server, not the CLI), and the wait
 * for a position that gives a command's caller its own writes.
 */
export abstract class ProjectionReadModel
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy
{
  protected readonly runner: ProjectionRunner;

  constructor(
    store: EventStore,
    protected readonly database: ReadModelDatabase,
    projection: Projection,
    readonly runsProjection: boolean,
  ) {
    this.runner = new ProjectionRunner(store, database, projection);
  }

  onModuleInit(): Promise<void> {
    return this.runner.setup();
  }

  onApplicationBootstrap(): void {
    if (this.runsProjection) this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }

  /** Resolves once the read model includes `position`; at once (false) where none runs. */
  waitFor(position: number): Promise<boolean> {
    return this.runsProjection ? this.runner.waitFor(position) : Promise.resolve(false);
  }

  status(options?: StatusOptions): Promise<ProjectionStatus> {
    return this.runner.status(options);
  }
}
