import type {
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
} from './event-store.port';

/**
 * Keeps the streams read most recently in memory, so a command that reads its stream again
 * (every command does) parses only the events stored since. Events never change and a stream's
 * versions are contiguous, so reading from the version after the last one held is exact, also
 * when another process appends to the same store. Bounded by the events held, oldest read
 * first out.
 */
export class StreamCachingEventStore implements EventStore {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private held = 0;

  constructor(
    private readonly inner: EventStore,
    private readonly maxEvents = 50_000,
  ) {}

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const cached = this.streams.get(streamId) ?? [];
    const fresh = await this.inner.readStream(streamId, { fromVersion: cached.length + 1 });
    const events = fresh.length > 0 ? [...cached, ...fresh] : cached;
    this.remember(streamId, events, cached.length);
    const from = Math.max(1, options.fromVersion ?? 1) - 1;
    const to =
      options.maxCount === undefined || options.maxCount < 0 ? undefined : from + options.maxCount;
    return events.slice(from, to);
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
    this.streams.clear();
    return this.inner.close();
  }

  /** Holds the stream as most recently read, letting the longest-unread ones go past the bound. */
  private remember(streamId: string, events: RecordedEvent[], before: number): void {
    this.streams.delete(streamId);
    if (events.length === 0 || events.length > this.maxEvents) {
      this.held -= before;
      return;
    }
    this.streams.set(streamId, events);
    this.held += events.length - before;
    for (const [oldest, dropped] of this.streams) {
      if (this.held <= this.maxEvents) break;
      this.streams.delete(oldest);
      this.held -= dropped.length;
    }
  }
}
