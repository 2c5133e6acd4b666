import type { EventStore, EventSubscription } from '../event-store.port';
import { applyEvents, Projection, setUpProjection } from './projection';
import { ReadModelDatabase, SwappableRunner } from './read-model-database';

export interface ProjectionStatus {
  name: string;
  checkpoint: number;
  /** Events of the projection's streams stored but not yet applied (counted up to 10,000). */
  lag: number;
  running: boolean;
  error: string | null;
}

interface Waiter {
  position: number;
  resolve: () => void;
}

/**
 * Feeds a projection from its checkpoint: catch up, then follow live. Each batch of events and
 * the checkpoint after it commit in one read-model transaction.
 */
export class ProjectionRunner implements SwappableRunner {
  private subscription: EventSubscription | null = null;
  private done: Promise<void> | null = null;
  private waiters: Waiter[] = [];
  private lastError: string | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly database: ReadModelDatabase,
    readonly projection: Projection,
  ) {
    this.setup();
    database.register(this);
  }

  setup(): void {
    setUpProjection(this.projection, this.database.db);
  }

  get running(): boolean {
    return this.subscription !== null;
  }

  get checkpoint(): number {
    return this.database.checkpoint(this.projection.name);
  }

  start(): void {
    if (this.subscription) return;
    const { name, streamPrefix } = this.projection;
    const subscription = this.store.subscribeAll({ after: this.checkpoint, streamPrefix });
    this.subscription = subscription;
    this.done = this.follow(subscription).catch((error: unknown) => {
      this.lastError = error instanceof Error ? error.message : String(error);
      console.error(
        JSON.stringify({
          level: 'error',
          msg: 'projection stopped',
          projection: name,
          error: this.lastError,
        }),
      );
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.close();
    await this.done;
    this.releaseWaiters(Number.POSITIVE_INFINITY);
  }

  /** Resolves once the read model includes the event at `position` (or the wait times out). */
  async waitFor(position: number, timeoutMs = 5000): Promise<boolean> {
    if (this.checkpoint >= position) return true;
    let timer: NodeJS.Timeout | undefined;
    const reached = new Promise<boolean>((resolve) => {
      this.waiters.push({ position, resolve: () => resolve(true) });
    });
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([reached, timedOut]);
    clearTimeout(timer);
    return result;
  }

  async status(): Promise<ProjectionStatus> {
    const checkpoint = this.checkpoint;
    const pending = await this.store.readAll({
      after: checkpoint,
      streamPrefix: this.projection.streamPrefix,
      maxCount: 10_000,
    });
    return {
      name: this.projection.name,
      checkpoint,
      lag: pending.length,
      running: this.subscription !== null && this.lastError === null,
      error: this.lastError,
    };
  }

  private async follow(subscription: EventSubscription): Promise<void> {
    const { name } = this.projection;
    for await (const batch of subscription) {
      if (batch.length === 0) continue;
      const last = batch[batch.length - 1].position;
      this.database.commit(name, last, () => {
        applyEvents(this.projection, this.database.db, batch);
      });
      this.releaseWaiters(last);
    }
  }

  private releaseWaiters(position: number): void {
    const ready = this.waiters.filter((waiter) => waiter.position <= position);
    this.waiters = this.waiters.filter((waiter) => waiter.position > position);
    for (const waiter of ready) waiter.resolve();
  }
}
