import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_STORE, EventStore, EventSubscription, RecordedEvent } from '@app/event-store';
import { RUN_PROJECTIONS } from '@app/platform';

type Listener = (event: RecordedEvent) => void;

/** Most events a slow subscriber may have waiting before it is dropped (it can catch up from the history). */
const MAX_PENDING = 10_000;

/**
 * Subscribers handed an event before the feed lets the server's other work in. Each one then
 * costs a GraphQL execution and a WebSocket send, all in one turn of the event loop if not
 * sliced: 4,000 of them held every request about 150 ms per event.
 */
const FAN_OUT_SLICE = 100;

/**
 * One live feed of newly stored events per server process, fanned out to GraphQL subscribers:
 * a single store subscription however many clients listen.
 */
@Injectable()
export class LiveEvents implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LiveEvents');
  private readonly listeners = new Set<Listener>();
  /** The server's own listeners (webhook delivery): fed alike, but no client's subscription. */
  private readonly ownListeners = new Set<Listener>();
  private subscription: EventSubscription | null = null;
  private following: Promise<void> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(RUN_PROJECTIONS) private readonly serving: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.serving) return;
    const subscription = this.store.subscribeAll({ after: await this.store.headPosition() });
    this.subscription = subscription;
    this.following = (async () => {
      for await (const batch of subscription) {
        for (const event of batch) await this.fanOut(event);
      }
    })().catch((error: unknown) =>
      this.logger.error({ msg: 'live feed stopped', error: (error as Error).message }),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.close();
    await this.following;
  }

  /** Hands `event` to every listener, a slice at a time, I/O and timers running between slices. */
  private async fanOut(event: RecordedEvent): Promise<void> {
    let handed = 0;
    for (const listener of [...this.listeners, ...this.ownListeners]) {
      listener(event);
      if (++handed % FAN_OUT_SLICE === 0) await new Promise(setImmediate);
    }
  }

  /** How many GraphQL subscriptions are listening now (reported by /health). */
  get subscribers(): number {
    return this.listeners.size;
  }

  /**
   * New events that pass `accept`, as an async iterator that ends when the client goes away;
   * `onEnd` is called once it has ended, however. `ownUse`: the server's own listener, not
   * counted among the subscribers that /health and /metrics report.
   */
  listen(
    accept: (event: RecordedEvent) => boolean,
    onEnd: () => void = () => undefined,
    { ownUse = false }: { ownUse?: boolean } = {},
  ): AsyncIterableIterator<RecordedEvent> {
    const listeners = ownUse ? this.ownListeners : this.listeners;
    const pending: RecordedEvent[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    const listener: Listener = (event) => {
      if (done || !accept(event)) return; // ended while the event was being handed out
      if (pending.length >= MAX_PENDING) return void finish();
      pending.push(event);
      wake?.();
    };
    const finish = (): IteratorResult<RecordedEvent> => {
      if (!done) onEnd();
      done = true;
      listeners.delete(listener);
      wake?.();
      return { value: undefined, done: true };
    };
    listeners.add(listener);
    const iterator: AsyncIterableIterator<RecordedEvent> = {
      next: async () => {
        while (pending.length === 0 && !done)
          await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        const event = pending.shift();
        return event ? { value: event, done: false } : finish();
      },
      return: () => Promise.resolve(finish()),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
