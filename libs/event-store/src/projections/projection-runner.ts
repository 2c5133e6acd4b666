import { turnTaker } from '@app/kernel';
import type { EventStore, EventSubscription } from '../event-store.port';
import { applyEvents, Projection, setUpProjection } from './projection';
import type { ProjectionLease, ReadModelDatabase, SwappableRunner } from './read-model-database';

export interface ProjectionStatus {
  name: string;
  checkpoint: number;
  /**
   * Events of the projection's streams stored but not yet applied, counted up to 1,000 (more
   * reads as 1,000), or null when not asked for: counting reads those events, so a probe polled
   * while an import is applied must not read tens of thousands each time.
   */
  lag: number | null;
  /** This process runs the projection, or stands by to take it over, without error. */
  running: boolean;
  /** This process holds the projection's lease and keeps the read model up to date. */
  leader: boolean;
  error: string | null;
}

export interface StatusOptions {
  /** Count the events not yet applied (default); without, only whether it runs and reads. */
  lag?: boolean;
}

/**
 * Events read and applied as one batch, in one go on the event loop where the read model is
 * SQLite (synchronous calls): batches of 500 held it for 50-90 ms while catching up on an import.
 */
const BATCH_EVENTS = 200;

/** The lag is counted up to this many events. */
const LAG_COUNTED_UP_TO = 1000;

export interface ProjectionRunnerOptions {
  /** How often a process without the lease tries to take it (ms): the takeover delay. */
  leaseRetryMs?: number;
  /**
   * After a failure the projection tries again after `leaseRetryMs`, then twice as long after
   * each further failure, up to this (ms), so a store that is down is not hammered.
   */
  retryMaxMs?: number;
}

/** The checkpoint moved under this runner: another process or a rebuild moved it. */
class Fenced extends Error {}

/**
 * Feeds a projection from its checkpoint: catch up, then follow live. Each batch of events and
 * the checkpoint after it commit in one read-model transaction.
 *
 * Of several processes sharing a read-model database, only the one holding the projection's
 * lease runs it; the others try again every `leaseRetryMs`, so one of them takes over within
 * that time when the holder dies. Every commit is fenced on the checkpoint it started from,
 * so even a leader that lost its lease without noticing can never apply a batch twice.
 */
export class ProjectionRunner implements SwappableRunner {
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private subscription: EventSubscription | null = null;
  private lastError: string | null = null;
  /** Failures since the projection last ran cleanly: the backoff's exponent. */
  private failures = 0;
  private leading = false;
  private readonly leaseRetryMs: number;
  private readonly retryMaxMs: number;

  constructor(
    private readonly store: EventStore,
    private readonly database: ReadModelDatabase,
    readonly projection: Projection,
    options: ProjectionRunnerOptions = {},
  ) {
    this.leaseRetryMs = options.leaseRetryMs ?? 1000;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    database.register(this);
  }

  setup(): Promise<void> {
    return this.database.define((tx) => setUpProjection(this.projection, tx));
  }

  get running(): boolean {
    return this.loop !== null;
  }

  checkpoint(): Promise<number> {
    return this.database.checkpoint(this.projection.name);
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.subscription?.close();
    await this.loop;
    this.loop = null;
  }

  /** Resolves once the read model includes the event at `position` (or the wait times out). */
  waitFor(position: number, timeoutMs = 5000): Promise<boolean> {
    return this.database.reached(this.projection.name, position, timeoutMs);
  }

  async status({ lag = true }: StatusOptions = {}): Promise<ProjectionStatus> {
    const checkpoint = await this.checkpoint();
    const pending = lag
      ? await this.store.readAll({
          after: checkpoint,
          streamPrefix: this.projection.streamPrefix,
          maxCount: LAG_COUNTED_UP_TO,
        })
      : null;
    return {
      name: this.projection.name,
      checkpoint,
      lag: pending && pending.length,
      running: this.loop !== null && this.lastError === null,
      leader: this.leading,
      error: this.lastError,
    };
  }

  /** Contend for the lease; while held, follow the events; on any failure, start over. */
  private async run(): Promise<void> {
    while (!this.stopping) {
      let lease: ProjectionLease | null = null;
      try {
        lease = await this.database.lease(this.projection.name);
        // Standing by without error is healthy too: the read-model database answered.
        if (!lease) this.recovered();
        if (lease && !this.stopping) {
          this.leading = true;
          await this.follow(lease);
        }
      } catch (error) {
        if (!(error instanceof Fenced)) this.failed(error);
      } finally {
        this.leading = false;
        await lease?.release().catch(() => undefined);
      }
      if (this.stopping) break;
      if (this.lastError) await this.pause(this.backoffMs());
      else if (!lease) await this.pause(this.leaseRetryMs);
    }
  }

  private backoffMs(): number {
    return Math.min(this.leaseRetryMs * 2 ** (this.failures - 1), this.retryMaxMs);
  }

  private async follow(lease: ProjectionLease): Promise<void> {
    const { name, streamPrefix } = this.projection;
    let position = await this.checkpoint();
    // The read model and the store answer again. With nothing left to apply the projection is
    // caught up and healthy now: waiting for its next batch would leave a projection whose
    // streams see no new event reported as failed for good.
    const pending = await this.store.readAll({ after: position, streamPrefix, maxCount: 1 });
    if (pending.length === 0) this.recovered();
    const subscription = this.store.subscribeAll({
      after: position,
      streamPrefix,
      batchSize: BATCH_EVENTS,
    });
    this.subscription = subscription;
    // Stopped, or the lease lost, while this was starting: the loop below ends at once.
    if (this.stopping) await subscription.close();
    void lease.lost.then(() => subscription.close());
    // Catching up on an import's thousands of events, pages come back from SQLite at once:
    // without a pause between batches the catch-up would hold the event loop throughout.
    const pace = turnTaker();
    try {
      for await (const batch of subscription) {
        if (batch.length === 0) continue;
        const last = batch[batch.length - 1].position;
        const committed = await this.database.commit(name, position, last, (tx) =>
          applyEvents(this.projection, tx, batch),
        );
        if (!committed) throw new Fenced();
        position = last;
        this.recovered();
        await pace();
      }
    } finally {
      this.subscription = null;
      await subscription.close();
    }
  }

  private recovered(): void {
    this.lastError = null;
    this.failures = 0;
  }

  private failed(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.failures++;
    console.error(
      JSON.stringify({
        level: 'error',
        msg: 'projection failed; retrying',
        projection: this.projection.name,
        error: this.lastError,
        retryInMs: this.backoffMs(),
      }),
    );
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      this.wake = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => (this.wake = null));
  }
}
