import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { join } from 'path';
import { TokenRegister } from '@app/access';
import { AreasModule } from '@app/areas';
import { EVENT_STORE, EventStore, ReadModelDatabase, SqliteEventStore } from '@app/event-store';
import { Clock, FixedClock, SystemClock } from '@app/kernel';
import { RecommendationsModule, RUN_PROJECTIONS } from '@app/recommendations';
import { RolloutModule } from '@app/rollout';
import { TrackerConfig } from './config';

export const TRACKER_CONFIG = Symbol('TRACKER_CONFIG');

/** Closes the stores last, after the projections reading them have stopped. */
class StoreCloser implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModelDatabase,
    private readonly tokens: TokenRegister,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.readModels.close();
    this.tokens.close();
  }
}

/**
 * Everything but HTTP: the stores, the bounded contexts and their projections. The API serves
 * it over GraphQL; the CLI drives it directly.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: TrackerConfig, options: { runProjections: boolean }): DynamicModule {
    const file = (name: string): string => join(config.dataDir, name);
    return {
      module: CoreModule,
      imports: [CqrsModule.forRoot(), AreasModule, RecommendationsModule, RolloutModule],
      providers: [
        { provide: TRACKER_CONFIG, useValue: config },
        { provide: RUN_PROJECTIONS, useValue: options.runProjections },
        {
          provide: EVENT_STORE,
          useFactory: () => new SqliteEventStore({ filename: file('events.sqlite') }),
        },
        {
          provide: ReadModelDatabase,
          useFactory: () => new ReadModelDatabase(file('read-models.sqlite')),
        },
        { provide: TokenRegister, useFactory: () => new TokenRegister(file('access.sqlite')) },
        {
          provide: Clock,
          useFactory: () => (config.fixedNow ? new FixedClock(config.fixedNow) : new SystemClock()),
        },
        StoreCloser,
      ],
      exports: [
        TRACKER_CONFIG,
        RUN_PROJECTIONS,
        EVENT_STORE,
        ReadModelDatabase,
        TokenRegister,
        Clock,
        RecommendationsModule,
        RolloutModule,
      ],
    };
  }
}
