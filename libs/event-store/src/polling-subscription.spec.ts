import { EventEmitter } from 'events';
import { performance } from 'perf_hooks';
import type { RecordedEvent } from './event-store.port';
import { PollingSubscription, type SubscriptionPage } from './polling-subscription';

const recorded = (position: number): RecordedEvent => ({
  eventId: `e${position}`,
  streamId: 's',
  version: position,
  position,
  type: 'Happened',
  data: {},
  metadata: {},
  recordedAt: '2025-01-01T00:00:00.000Z',
});

/**
 * A store of `stored` events read in pages of `batchSize`, counting its reads; each read holds
 * the thread for `readMs`, as SQLite's synchronous reads do.
 */
function source(batchSize: number, readMs = 0) {
  const stored: RecordedEvent[] = [];
  const commits = new EventEmitter();
  const reads: number[] = [];
  return {
    stored,
    reads,
    commit(count: number): void {
      for (let i = 0; i < count; i++) stored.push(recorded(stored.length + 1));
      commits.emit('commit');
    },
    subscription: (after = 0) =>
      new PollingSubscription(after, {
        readPage: (from): SubscriptionPage => {
          reads.push(from);
          const started = performance.now();
          while (performance.now() - started < readMs);
          const head = stored.length;
          const events = stored.filter((e) => e.position > from).slice(0, batchSize);
          return events.length === batchSize
            ? { events, scannedTo: events[events.length - 1].position, atHead: false }
            : { events, scannedTo: head, atHead: true };
        },
        commits,
        // Long enough that a test passing shows no read waited for the poll.
        pollIntervalMs: 60_000,
        closed: () => undefined,
      }),
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('PollingSubscription', () => {
  it('after a page that reached the head, waits for news instead of reading again', async () => {
    const store = source(10);
    store.commit(3);
    const subscription = store.subscription();
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toHaveLength(3);
    const next = iterator.next();
    await turn();
    await turn();
    expect(store.reads).toEqual([0]);
    store.commit(2);
    expect((await next).value.map((e: RecordedEvent) => e.position)).toEqual([4, 5]);
    expect(store.reads).toEqual([0, 3]);
    await subscription.close();
  });

  it('reads on at once after a page cut short by the batch size', async () => {
    const store = source(2);
    store.commit(5);
    const subscription = store.subscription();
    const iterator = subscription[Symbol.asyncIterator]();
    const positions: number[] = [];
    while (positions.length < 5) {
      positions.push(...(await iterator.next()).value.map((e: RecordedEvent) => e.position));
    }
    expect(positions).toEqual([1, 2, 3, 4, 5]);
    expect(store.reads).toEqual([0, 2, 4]);
    await subscription.close();
  });

  it('reads at once when a commit was announced while its events were being handled', async () => {
    const store = source(10);
    store.commit(1);
    const subscription = store.subscription();
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toHaveLength(1);
    store.commit(1); // announced before the consumer asks for more
    expect((await iterator.next()).value.map((e: RecordedEvent) => e.position)).toEqual([2]);
    await subscription.close();
  });

  it('takes turns with other work while catching up, however many pages are ready', async () => {
    // A live feed with no listeners asks for the next page as soon as it has one: before, pages
    // read synchronously (SQLite) then came one after another in one turn of the loop, and an
    // import's 49,000 events held it for 750 ms.
    const store = source(10, 2);
    store.commit(1000);
    const subscription = store.subscription();
    let last = performance.now();
    let longestGap = 0;
    const timer = setInterval(() => {
      longestGap = Math.max(longestGap, performance.now() - last);
      last = performance.now();
    }, 1);
    let received = 0;
    for await (const batch of subscription) {
      received += batch.length;
      if (received === 1000) break;
    }
    clearInterval(timer);
    longestGap = Math.max(longestGap, performance.now() - last);
    expect(longestGap).toBeLessThan(60); // 100 reads of 2 ms: 200 ms and more in one go
  });

  it('close ends a subscription waiting after a page at the head', async () => {
    const store = source(10);
    store.commit(1);
    const subscription = store.subscription();
    const iterator = subscription[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    await subscription.close();
    await expect(pending).resolves.toMatchObject({ done: true });
    expect(store.reads).toEqual([0]);
  });
});
