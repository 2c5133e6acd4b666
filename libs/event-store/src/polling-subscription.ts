import { EventEmitter } from 'events';
import { turnTaker } from '@app/kernel';
import type { EventSubscription, RecordedEvent, SubscribeOptions } from './event-store.port';

export interface SubscriptionPage {
  events: RecordedEvent[];
  /** Every position up to this one has been looked at (it is >= the last event's). */
  scannedTo: number;
  /**
   * The page went up to the head the store had committed when the read began (it was not cut
   * short by the batch size): with no commit announced since, there is nothing more to read.
   */
  atHead: boolean;
}

export interface SubscriptionSource {
  /** The next page of matching events strictly after `after`, in global order. */
  readPage(after: number): SubscriptionPage | Promise<SubscriptionPage>;
  /** Emits 'commit' after a commit of the store instance (and, where it can, of another's). */
  commits: EventEmitter;
  /** Commits the store is not told of (another process, a lost notification) are found by polling. */
  pollIntervalMs: number;
  closed(subscription: PollingSubscription): void;
}

/** A subscription's iterator: `break` out of a for-await ends the subscription. */
export function subscriptionIterator(
  next: () => Promise<IteratorResult<RecordedEvent[]>>,
  close: () => Promise<void>,
): AsyncIterator<RecordedEvent[]> {
  return {
    next,
    return: async () => {
      await close();
      return { value: undefined, done: true };
    },
  };
}

/**
 * A subscription's page of the events `after < position <= head`, read up to a head taken
 * first, which lets a short page vouch for every position up to that head: a subscription to a
 * rare prefix moves on past the other streams' events instead of scanning them again at every
 * wake-up. Positions up to a committed head are all final in the SQL stores: their writers hand
 * them out in commit order.
 */
export function pageUpTo(
  head: number,
  events: RecordedEvent[],
  batchSize: number,
): SubscriptionPage {
  return events.length === batchSize
    ? { events, scannedTo: events[events.length - 1].position, atHead: false }
    : { events, scannedTo: head, atHead: true };
}

/** Reads a subscription's next page after `after` (see pageUpTo). */
export type PageReader = (
  after: number,
  batchSize: number,
  streamPrefix: string | undefined,
) => SubscriptionPage | Promise<SubscriptionPage>;

/**
 * The subscriptions of one SQL store instance, woken by each 'commit' on `commits`: the
 * instance's own (`announce`) and, where the adapter hears of them, other instances'.
 */
export class StoreSubscriptions {
  readonly commits = new EventEmitter();
  private readonly open = new Set<PollingSubscription>();
  private closed = false;

  constructor(
    private readonly readPage: PageReader,
    private readonly pollIntervalMs: number,
  ) {
    this.commits.setMaxListeners(0);
  }

  subscribe(options: SubscribeOptions = {}): EventSubscription {
    const { after = 0, batchSize = 500, streamPrefix } = options;
    const subscription = new PollingSubscription(after, {
      readPage: (from) => this.readPage(from, Math.max(1, batchSize), streamPrefix),
      commits: this.commits,
      pollIntervalMs: this.pollIntervalMs,
      closed: (closed) => this.open.delete(closed),
    });
    if (this.closed) void subscription.close();
    else this.open.add(subscription);
    return subscription;
  }

  /** Something was committed: the subscriptions waiting for news read again. */
  announce(): void {
    this.commits.emit('commit');
  }

  /** Ends every subscription, and any opened from now on at once. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.open].map((subscription) => subscription.close()));
  }
}

/**
 * Catch-up-then-live over a SQL store (SQLite, PostgreSQL): pages from the last position looked
 * at until a page reaches the head, then sleeps until a commit is announced, the poll interval
 * passes or the subscription is closed. A page that reached the head is not followed by a read
 * that could only come back empty: the next read waits for news. A commit announced while a
 * page was being read, or while its events were being handled, sends it straight back to read,
 * so none is slept through. The position only moves forward past what was read, so nothing is
 * skipped or handed over twice.
 */
export class PollingSubscription implements EventSubscription {
  private open = true;
  /** A commit was announced since the last read began. */
  private news = false;
  /** The last page reached the head: reading again before news would find nothing. */
  private atHead = false;
  private reading: Promise<unknown> = Promise.resolve();
  /**
   * Pages read synchronously (SQLite) reach a consumer that asks straight back for more (the
   * live feed) through promises alone: without a turn between them, catching up on an import's
   * 49,000 events held the event loop for 750 ms.
   */
  private readonly pace = turnTaker();
  private readonly sleepers = new Set<() => void>();
  private readonly onCommit = (): void => {
    this.news = true;
    this.wakeAll();
  };

  constructor(
    private after: number,
    private readonly source: SubscriptionSource,
  ) {
    source.commits.on('commit', this.onCommit);
  }

  /** Ends the iteration at once; resolves when no read of it is left running. */
  async close(): Promise<void> {
    if (this.open) {
      this.open = false;
      this.source.commits.off('commit', this.onCommit);
      this.source.closed(this);
      this.wakeAll();
    }
    await this.reading.catch(() => undefined);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent[]> {
    return subscriptionIterator(
      () => this.next(),
      () => this.close(),
    );
  }

  private async next(): Promise<IteratorResult<RecordedEvent[]>> {
    while (this.open) {
      // Woken by news, the poll interval or close: either way it reads (or ends) next.
      if (this.atHead && !this.news) await this.sleep();
      await this.pace();
      if (!this.open) break;
      this.news = false;
      const read = Promise.resolve(this.source.readPage(this.after));
      this.reading = read;
      const { events, scannedTo, atHead } = await read;
      if (!this.open) break;
      this.after = Math.max(this.after, scannedTo);
      this.atHead = atHead;
      if (events.length > 0) return { value: events, done: false };
    }
    return { value: undefined, done: true };
  }

  private wakeAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  private sleep(): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, this.source.pollIntervalMs);
      this.sleepers.add(wake);
    });
  }
}
