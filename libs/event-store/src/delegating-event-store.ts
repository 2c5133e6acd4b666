import type {
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SealRecord,
  StreamAppend,
  SubscribeOptions,
} from './event-store.port';

/**
 * A store decorator's base: every method passes to the store underneath, so a decorator
 * overrides only what it changes. The seal record is the inner store's, where it keeps one.
 * `commitsElsewhere` is not passed on: it speaks of one adapter's connection, and only the
 * stream cache right above the adapter asks it.
 */
export abstract class DelegatingEventStore implements EventStore {
  readonly recordSeal?: (record: SealRecord) => Promise<void>;
  readonly readSealRecord?: () => Promise<SealRecord[]>;

  constructor(
    /** The store underneath: the caller keeps the right to close it (close() closes it too). */
    readonly inner: EventStore,
  ) {
    this.recordSeal = inner.recordSeal?.bind(inner);
    this.readSealRecord = inner.readSealRecord?.bind(inner);
  }

  append(
    streamId: string,
    events: NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    return this.inner.append(streamId, events, expectedVersion);
  }

  appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    return this.inner.appendMany(appends);
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeAll(options?: SubscribeOptions): EventSubscription {
    return this.inner.subscribeAll(options);
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
