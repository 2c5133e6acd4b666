import type {
  AppendResult,
  CommitObserver,
  EventSubscription,
  ExpectedVersion,
  NewEvent,
  StreamAppend,
  SubscribeOptions,
} from './event-store.port';
import { GroupCommit, type Batch, type GroupCommitOptions, type UnitOutcome } from './group-commit';
import { StoreSubscriptions, type SubscriptionPage } from './polling-subscription';

export interface SqlEventStoreOptions {
  /** Largest event accepted: bytes of the JSON of its data plus its metadata (default 1 MiB). */
  maxEventBytes?: number;
  /**
   * How often a caught-up subscription looks for commits it was not told of: another process's,
   * or a lost notification (ms, default 250).
   */
  pollIntervalMs?: number;
  /** Told of every commit of appends (the server's metrics). */
  onCommit?: CommitObserver;
}

/** How an adapter's batches are taken and what to do when one fails whole (see GroupCommit). */
export type Batching = Pick<GroupCommitOptions, 'limits' | 'isolates'>;

const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

/**
 * What the SQL adapters (SQLite, PostgreSQL) share: appends go through one GroupCommit, and
 * subscriptions page through the store (StoreSubscriptions), woken by its commits. An adapter
 * writes a batch, reads a subscription's page and releases its connections, and reads as the
 * EventStore port says.
 *
 * An append of no events is refused (the promise rejects with a plain Error): it has no
 * position to report and is a caller's mistake.
 */
export abstract class SqlEventStore {
  protected readonly maxEventBytes: number;
  protected readonly subscriptions: StoreSubscriptions;
  protected closing: Promise<void> | null = null;
  private readonly groupCommit: GroupCommit;

  protected constructor(options: SqlEventStoreOptions, batching: Batching) {
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.subscriptions = new StoreSubscriptions(
      (after, batchSize, streamPrefix) => this.readPage(after, batchSize, streamPrefix),
      options.pollIntervalMs ?? 250,
    );
    this.groupCommit = new GroupCommit({
      ...batching,
      maxEventBytes: this.maxEventBytes,
      commit: (batch) => this.commitBatch(batch),
      committed: (batch) => {
        options.onCommit?.(batch);
        this.subscriptions.announce();
      },
    });
  }

  /** Transactions committed by appends since this instance opened: shows group commit at work. */
  get commitCount(): number {
    return this.groupCommit.commitCount;
  }

  append(
    streamId: string,
    events: NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    return this.groupCommit.add([{ streamId, events, expectedVersion }]).then(([result]) => result);
  }

  /** Queued as one unit, so it is decided and written as one within a batch, in queue order. */
  appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    return this.groupCommit.add(appends);
  }

  subscribeAll(options?: SubscribeOptions): EventSubscription {
    return this.subscriptions.subscribe(options);
  }

  /** Ends the subscriptions, commits what is queued, then lets go of the store. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** Writes a batch in one transaction (see GroupCommitOptions.commit). */
  protected abstract commitBatch(batch: Batch): UnitOutcome[] | Promise<UnitOutcome[]>;

  /** A subscription's next page (see pageUpTo). */
  protected abstract readPage(
    after: number,
    batchSize: number,
    streamPrefix?: string,
  ): SubscriptionPage | Promise<SubscriptionPage>;

  /** Closes the connections, once nothing is left to commit. */
  protected abstract release(): Promise<void>;

  private async shutdown(): Promise<void> {
    const committed = this.groupCommit.close();
    await this.subscriptions.close();
    await committed;
    await this.release();
  }
}
