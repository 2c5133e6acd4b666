import type { EventEmitter } from 'events';
import type { EventSubscription, RecordedEvent } from '../event-store.port';

export interface SubscriptionPage {
  events: RecordedEvent[];
  /** Every position up to this one has been looked at (it is >= the last event's). */
  scannedTo: number;
}

export interface SubscriptionSource {
  /** The next page of matching events strictly after `after`, in global order. */
  readPage(after: number): SubscriptionPage;
  /** Emits 'commit' after each commit of the store instance. */
  commits: EventEmitter;
  /** Commits of other processes are only seen by polling. */
  pollIntervalMs: number;
  closed(subscription: SqliteSubscription): void;
}

/**
 * Catch-up-then-live over a SQLite store: pages from the last position looked at until a page
 * comes back empty, then sleeps until this process commits, the poll interval passes (another
 * process may have committed) or the subscription is closed. The position only moves forward
 * past what was read, so nothing is skipped or handed over twice.
 */
export class SqliteSubscription implements EventSubscription {
  private open = true;
  private readonly sleepers = new Set<() => void>();
  private readonly wakeAll = (): void => {
    for (const wake of [...this.sleepers]) wake();
  };

  constructor(
    private after: number,
    private readonly source: SubscriptionSource,
  ) {
    source.commits.on('commit', this.wakeAll);
  }

  close(): Promise<void> {
    if (this.open) {
      this.open = false;
      this.source.commits.off('commit', this.wakeAll);
      this.source.closed(this);
      this.wakeAll();
    }
    return Promise.resolve();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent[]> {
    return {
      next: () => this.next(),
      // `break` out of a for-await ends the subscription.
      return: async () => {
        await this.close();
        return { value: undefined, done: true };
      },
    };
  }

  private async next(): Promise<IteratorResult<RecordedEvent[]>> {
    while (this.open) {
      const { events, scannedTo } = this.source.readPage(this.after);
      this.after = Math.max(this.after, scannedTo);
      if (events.length > 0) return { value: events, done: false };
      await this.sleep();
    }
    return { value: undefined, done: true };
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
