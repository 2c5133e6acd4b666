import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  Filter,
  Position,
  ReadPosition,
} from '@eventstore/db-client';
import type { EventSubscription, RecordedEvent } from '../event-store.port';
import { subscriptionIterator } from '../polling-subscription';
import { isAfter, isTransient } from './eventstoredb-mapping';

export interface SubscriptionSource {
  /** Starts a server subscription to `$all` after `from`, with the server-side filter. */
  subscribe(from: ReadPosition, filter: Filter): AllStreamSubscription;
  filter: Filter;
  /** The port's event for one of `$all`, or null when it is not the subscriber's (system, other prefix). */
  convert(resolved: AllStreamResolvedEvent): RecordedEvent | null;
  batchSize: number;
  /** How long to wait before subscribing again after a transient failure (ms). */
  retryDelayMs: number;
  closed(subscription: EventStoreDbSubscription): void;
}

/**
 * Catch-up-then-live over `$all`, as batches of the port's events. The server filters by
 * stream-name prefix and sends catch-up and live events alike; this buffers them (pausing the
 * gRPC stream when the consumer is behind) and hands them over at most `batchSize` at a time.
 * The position of the last event received, kept whole ({commit, prepare}), is where a new
 * server subscription resumes after a transient failure or a dropped subscription; anything at
 * or before it is dropped, so nothing is handed over twice.
 */
export class EventStoreDbSubscription implements EventSubscription {
  private open = true;
  private readonly buffer: RecordedEvent[] = [];
  private cursor: Position | null;
  private source: AllStreamSubscription | null = null;
  private failure: { error: unknown } | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly sleepers = new Set<() => void>();
  /** Beyond this many buffered events the server subscription is paused. */
  private readonly highWater: number;

  constructor(
    after: Position | null,
    private readonly deps: SubscriptionSource,
  ) {
    this.cursor = after;
    this.highWater = Math.max(1000, deps.batchSize * 4);
    this.start();
  }

  close(): Promise<void> {
    if (!this.open) return Promise.resolve();
    this.open = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const source = this.source;
    this.source = null;
    this.deps.closed(this);
    this.wakeAll();
    return source ? source.unsubscribe().catch(() => undefined) : Promise.resolve();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent[]> {
    return subscriptionIterator(
      () => this.next(),
      () => this.close(),
    );
  }

  private async next(): Promise<IteratorResult<RecordedEvent[]>> {
    while (this.open) {
      if (this.buffer.length > 0) {
        const batch = this.buffer.splice(0, this.deps.batchSize);
        if (this.source?.isPaused() && this.buffer.length < this.highWater / 2) {
          this.source.resume();
        }
        return { value: batch, done: false };
      }
      if (this.failure) throw this.failure.error;
      await new Promise<void>((resolve) => this.sleepers.add(resolve));
    }
    return { value: undefined, done: true };
  }

  private start(): void {
    if (!this.open) return;
    const source = this.deps.subscribe(this.cursor ?? 'start', this.deps.filter);
    this.source = source;
    source.on('data', (resolved: AllStreamResolvedEvent) => this.receive(source, resolved));
    source.on('error', (error: Error) => this.lost(source, error));
    // The server may end a subscription it finds too slow: subscribe again where it stopped.
    source.on('end', () => this.lost(source, null));
  }

  private receive(source: AllStreamSubscription, resolved: AllStreamResolvedEvent): void {
    if (source !== this.source || this.failure) return;
    const position = resolved.event?.position;
    if (!position || !isAfter(position, this.cursor)) return;
    this.cursor = position;
    let event: RecordedEvent | null;
    try {
      event = this.deps.convert(resolved);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (!event) return;
    this.buffer.push(event);
    if (this.buffer.length >= this.highWater) source.pause();
    this.wakeAll();
  }

  private lost(source: AllStreamSubscription, error: Error | null): void {
    if (source !== this.source || !this.open) return;
    this.source = null;
    void source.unsubscribe().catch(() => undefined);
    if (error && !isTransient(error)) {
      this.fail(error);
      return;
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.start();
    }, this.deps.retryDelayMs);
  }

  private fail(error: unknown): void {
    this.failure ??= { error };
    const source = this.source;
    this.source = null;
    if (source) void source.unsubscribe().catch(() => undefined);
    this.wakeAll();
  }

  private wakeAll(): void {
    const sleepers = [...this.sleepers];
    this.sleepers.clear();
    for (const wake of sleepers) wake();
  }
}
