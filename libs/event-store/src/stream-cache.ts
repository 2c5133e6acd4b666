import { DelegatingEventStore } from './delegating-event-store';
import type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
} from './event-store.port';

interface CachedStream {
  events: RecordedEvent[];
  /** The adapter's `commitsElsewhere()` when the stream was last read from it; undefined once
   * this process appended to it since, or when the adapter cannot tell. */
  checkedAt: number | undefined;
}

/**
 * Keeps the streams read most recently in memory, so a command that reads its stream again
 * (every command does) parses only the events stored since. Events never change and a stream's
 * versions are contiguous, so reading from the version after the last one held is exact, also
 * when another process appends to the same store. Where the adapter can tell that no other
 * connection committed since a stream was last read, and this process has not appended to it
 * since, the stream is answered from memory without a read at all. Bounded by the events
 * held, oldest read first out.
 */
export class StreamCachingEventStore extends DelegatingEventStore {
  private readonly streams = new Map<string, CachedStream>();
  private held = 0;

  constructor(
    inner: EventStore,
    private readonly maxEvents = 50_000,
  ) {
    super(inner);
  }

  override async readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    const checkedAt = this.inner.commitsElsewhere?.();
    const cached = this.streams.get(streamId);
    let events = cached?.events ?? [];
    if (checkedAt === undefined || cached?.checkedAt !== checkedAt) {
      const fresh = await this.inner.readStream(streamId, { fromVersion: events.length + 1 });
      if (fresh.length > 0) events = [...events, ...fresh];
    }
    this.remember(streamId, events, checkedAt);
    const from = Math.max(1, options.fromVersion ?? 1) - 1;
    const to =
      options.maxCount === undefined || options.maxCount < 0 ? undefined : from + options.maxCount;
    return events.slice(from, to);
  }

  override append(
    streamId: string,
    events: NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    const appended = this.inner.append(streamId, events, expectedVersion);
    appended.then(
      (result) => this.learn(streamId, events, result),
      () => this.readAgain([streamId]),
    );
    return appended;
  }

  override appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    const appended = this.inner.appendMany(appends);
    const streamIds = appends.map((append) => append.streamId);
    appended.then(
      () => this.readAgain(streamIds),
      () => this.readAgain(streamIds),
    );
    return appended;
  }

  override close(): Promise<void> {
    this.streams.clear();
    return super.close();
  }

  /**
   * Own appends do not move `commitsElsewhere()`, so the cache hears of each as it settles,
   * before its caller does. One event appended right after the events held is held too, as a
   * read would return it (its JSON parsed back), where the adapter can tell of other writers:
   * the command's answer then needs no read.
   */
  private learn(streamId: string, events: NewEvent[], result: AppendResult): void {
    const cached = this.streams.get(streamId);
    const [event] = events;
    if (
      !cached ||
      cached.checkedAt === undefined ||
      events.length !== 1 ||
      event.eventId === undefined ||
      cached.events.length !== result.version - 1
    ) {
      this.readAgain([streamId]);
      return;
    }
    const recorded: RecordedEvent = {
      eventId: event.eventId,
      streamId,
      version: result.version,
      position: result.position,
      type: event.type,
      data: JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>,
      metadata: JSON.parse(JSON.stringify(event.metadata)) as Record<string, unknown>,
      recordedAt: result.recordedAt,
    };
    this.remember(streamId, [...cached.events, recorded], cached.checkedAt);
  }

  /** The next read of these streams asks the store for what follows the events held. */
  private readAgain(streamIds: string[]): void {
    for (const streamId of streamIds) {
      const cached = this.streams.get(streamId);
      if (cached) cached.checkedAt = undefined;
    }
  }

  /** Holds the stream as most recently read, letting the longest-unread ones go past the bound. */
  private remember(streamId: string, events: RecordedEvent[], checkedAt: number | undefined): void {
    const before = this.streams.get(streamId)?.events.length ?? 0;
    this.streams.delete(streamId);
    if (events.length === 0 || events.length > this.maxEvents) {
      this.held -= before;
      return;
    }
    this.streams.set(streamId, { events, checkedAt });
    this.held += events.length - before;
    for (const [oldest, dropped] of this.streams) {
      if (this.held <= this.maxEvents) break;
      this.streams.delete(oldest);
      this.held -= dropped.events.length;
    }
  }
}
