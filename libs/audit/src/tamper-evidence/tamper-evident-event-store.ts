import { randomUUID } from 'crypto';
import {
  DelegatingEventStore,
  expectedVersionHolds,
  NO_STREAM,
  WrongExpectedVersionError,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
} from '@app/event-store';
import { turnTaker } from '@app/kernel';
import { chainEvents, emptyHead, headOfStream, integrityOf, type ChainHead } from './integrity';
import { SEAL_STREAM } from './seal';

export interface TamperEvidentOptions {
  /** The clock stamped as `chainedAt` (default: the system clock, as the store's `recordedAt`). */
  now?: () => Date;
  /** Stream heads kept in memory; the least recently learnt are forgotten first (default 100,000). */
  maxCachedHeads?: number;
  /**
   * Appends retried after another writer moved a stream the caller did not pin (expected
   * `any` or `exists`), each round on fresh heads (default 100).
   */
  maxAttempts?: number;
}

/**
 * An EventStore that makes every adapter tamper-evident: each appended event gets an integrity
 * block (see ./integrity) whose hash chains it to the previous event of its stream; reads pass
 * through untouched.
 *
 * Chaining needs the stream's head, and the store must commit exactly on it, so every append
 * reaches the adapter with an exact expected version: the head comes from a cache (filled by a
 * read on a miss, and learnt from the caller's own full reads), the caller's expectation is
 * checked against it, and if the adapter refuses (another process, such as the CLI, wrote
 * first) the head is read again and the append retried, but only when the caller's own
 * expectation still holds on the fresh head; otherwise the caller gets the refusal, with its
 * own expected version and the actual one. The cost is one sha256 per event.
 *
 * Each event also names the newest seal this process knows of (from the seals it appended or
 * read), at no extra read, so that removing the seals shows.
 *
 * Assumes of the adapter, as the port promises: an append commits at once, so its events share
 * one `recordedAt`, the one the append resolves with.
 */
export class TamperEvidentEventStore extends DelegatingEventStore {
  private readonly heads = new Map<string, ChainHead>();
  private readonly locks = new StreamLocks();
  private readonly underWay = new Set<Promise<unknown>>();
  private closing: Promise<void> | null = null;
  private readonly loading = new Map<string, Promise<ChainHead>>();
  private readonly now: () => Date;
  private readonly maxCachedHeads: number;
  private readonly maxAttempts: number;

  constructor(inner: EventStore, options: TamperEvidentOptions = {}) {
    super(inner);
    this.now = options.now ?? (() => new Date());
    this.maxCachedHeads = options.maxCachedHeads ?? 100_000;
    this.maxAttempts = options.maxAttempts ?? 100;
  }

  override async append(
    streamId: string,
    events: NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    const [result] = await this.track(
      this.appendChained([{ streamId, events, expectedVersion }], true),
    );
    return result;
  }

  override appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    if (appends.length === 0) return this.inner.appendMany([]);
    return this.track(this.appendChained(appends, false));
  }

  override async readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    const events = await super.readStream(streamId, options);
    this.learnFromRead(streamId, options, events);
    return events;
  }

  /** Lets the appends under way reach the store, then closes it; refuses appends from now on. */
  override close(): Promise<void> {
    this.closing ??= Promise.allSettled([...this.underWay]).then(() => super.close());
    return this.closing;
  }

  private track<T>(append: Promise<T>): Promise<T> {
    this.underWay.add(append);
    const settled = (): void => void this.underWay.delete(append);
    append.then(settled, settled);
    return append;
  }

  private async appendChained(requested: StreamAppend[], single: boolean): Promise<AppendResult[]> {
    if (this.closing) throw new Error('The event store is closed');
    // Refused as the adapters refuse them, before any head is looked up.
    if (requested.some((append) => append.events.length === 0)) {
      throw new Error('An append needs at least one event');
    }
    if (new Set(requested.map((append) => append.streamId)).size < requested.length) {
      throw new Error('Each stream may be appended to once');
    }
    // The ids are the events' for good: a retry cannot store an event twice. A stream at a
    // time, taking turns: an import's 49,000 ids in one go held the event loop for 220 ms.
    const pace = turnTaker();
    const appends: StreamAppend[] = [];
    for (const append of requested) {
      const events = append.events.map((event) => ({
        ...event,
        eventId: event.eventId ?? randomUUID(),
      }));
      appends.push({ ...append, events });
      await pace();
    }
    // Appends to one stream take turns in this process: each chains onto the head the one
    // before it left, where racing would make all but one of them start again.
    const release = await this.locks.acquire(appends.map((append) => append.streamId));
    try {
      return await this.appendOnHeads(appends, single);
    } finally {
      release();
    }
  }

  private async appendOnHeads(appends: StreamAppend[], single: boolean): Promise<AppendResult[]> {
    for (let attempt = 1; ; attempt++) {
      const heads = await Promise.all(appends.map((append) => this.headFor(append, attempt > 1)));
      const chainedAt = this.now().toISOString();
      const seal = this.heads.get(SEAL_STREAM);
      const lastSeal = seal && seal.version > 0 ? { version: seal.version, hash: seal.hash } : null;
      // A stream at a time, taking turns with other requests: an import hashes thousands.
      const pace = turnTaker();
      const chained: ReturnType<typeof chainEvents>[] = [];
      for (const [i, append] of appends.entries()) {
        chained.push(chainEvents(append.streamId, heads[i], append.events, chainedAt, lastSeal));
        await pace();
      }
      const prepared: StreamAppend[] = appends.map((append, i) => ({
        streamId: append.streamId,
        events: chained[i].events,
        expectedVersion: heads[i].version === 0 ? NO_STREAM : heads[i].version,
      }));
      let results: AppendResult[];
      try {
        results = single
          ? [
              await this.inner.append(
                prepared[0].streamId,
                prepared[0].events,
                prepared[0].expectedVersion,
              ),
            ]
          : await this.inner.appendMany(prepared);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        for (const append of appends) this.forget(append.streamId);
        if (attempt >= this.maxAttempts) {
          const caller = appends.find((append) => append.streamId === error.streamId);
          throw new WrongExpectedVersionError(
            error.streamId,
            caller?.expectedVersion ?? error.expectedVersion,
            error.actualVersion,
          );
        }
        continue; // the next round reads fresh heads and checks the caller's expectations
      }
      appends.forEach((append, i) =>
        this.remember(append.streamId, {
          version: results[i].version,
          hash: chained[i].hash,
          recordedAt: results[i].recordedAt,
        }),
      );
      return results;
    }
  }

  /**
   * The head to chain an append onto, once the caller's expectation holds on it. A cached head
   * that fails the expectation may be stale, so it is read again before refusing.
   */
  private async headFor(append: StreamAppend, fresh: boolean): Promise<ChainHead> {
    let head = await this.head(append.streamId, fresh);
    if (!expectedVersionHolds(append.expectedVersion, head.version) && !fresh) {
      head = await this.head(append.streamId, true);
    }
    if (!expectedVersionHolds(append.expectedVersion, head.version)) {
      throw new WrongExpectedVersionError(append.streamId, append.expectedVersion, head.version);
    }
    return head;
  }

  private async head(streamId: string, fresh: boolean): Promise<ChainHead> {
    if (!fresh) {
      const cached = this.heads.get(streamId);
      if (cached) return cached;
      const loading = this.loading.get(streamId);
      if (loading) return loading;
    } else {
      this.forget(streamId);
    }
    const load = this.inner.readStream(streamId).then((events) => headOfStream(streamId, events));
    this.loading.set(streamId, load);
    try {
      const head = await load;
      this.remember(streamId, head);
      return head;
    } finally {
      if (this.loading.get(streamId) === load) this.loading.delete(streamId);
    }
  }

  /** A caller's read to the end of a stream shows its head as of that read: it saves a read. */
  private learnFromRead(
    streamId: string,
    options: ReadStreamOptions,
    events: readonly RecordedEvent[],
  ): void {
    if (options.maxCount !== undefined && events.length >= options.maxCount) return;
    const fromStart = (options.fromVersion ?? 1) <= 1;
    const last = events[events.length - 1];
    if (!last) {
      if (fromStart) this.remember(streamId, emptyHead(streamId));
      return;
    }
    const integrity = integrityOf(last);
    if (integrity !== null && integrity !== 'malformed') {
      this.remember(streamId, {
        version: last.version,
        hash: integrity.hash,
        recordedAt: last.recordedAt,
      });
    } else if (fromStart) {
      this.remember(streamId, headOfStream(streamId, events));
    }
  }

  /** Keeps the furthest head known: a read that raced an append must not move it back. */
  private remember(streamId: string, head: ChainHead): void {
    const known = this.heads.get(streamId);
    if (known && known.version > head.version) return;
    this.heads.delete(streamId); // re-inserted last: the map's order is the eviction order
    this.heads.set(streamId, head);
    if (this.heads.size > this.maxCachedHeads) {
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
  }

  private forget(streamId: string): void {
    this.heads.delete(streamId);
  }
}

/** One turn at a time per stream; several streams are taken in one order, so none wait in a circle. */
class StreamLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(streamIds: readonly string[]): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const streamId of [...streamIds].sort()) {
      const previous = this.tails.get(streamId);
      let release!: () => void;
      const turn = new Promise<void>((resolve) => (release = resolve));
      this.tails.set(streamId, turn);
      if (previous) await previous;
      releases.push(() => {
        if (this.tails.get(streamId) === turn) this.tails.delete(streamId);
        release();
      });
    }
    return () => {
      for (const release of releases) release();
    };
  }
}
