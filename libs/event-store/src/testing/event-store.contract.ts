import { randomUUID } from 'crypto';
import { EventTooLargeError, WrongExpectedVersionError } from '../errors';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store.port';

/**
 * What an adapter cannot promise, by the nature of its database; the contract then checks the
 * weaker promise instead. Both default to true (SQLite, PostgreSQL).
 */
export interface ContractCapabilities {
  /** An event id stored in one stream is refused in any other (EventStoreDB: per stream only). */
  uniqueEventIdsAcrossStreams?: boolean;
  /** appendMany commits all or nothing, in one commit (EventStoreDB: stream after stream). */
  atomicMultiStreamAppend?: boolean;
}

export interface ContractSubject {
  store: EventStore;
  /** Closes the store and opens it again on the same storage, for durability checks. */
  reopen?: () => Promise<EventStore>;
  cleanup: () => Promise<void>;
}

const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  type,
  data,
  metadata: { actor: { id: 'contract' }, commandId: `c-${type}` },
});

const events = (count: number, prefix = 'Happened'): NewEvent[] =>
  Array.from({ length: count }, (_, i) => event(`${prefix}${i}`, { i }));

async function refusal(promise: Promise<unknown>): Promise<WrongExpectedVersionError> {
  try {
    await promise;
  } catch (error) {
    return error as WrongExpectedVersionError;
  }
  throw new Error('expected the append to be refused');
}

/** Reads from a subscription until `count` events arrived (or fails after a timeout). */
async function take(
  iterator: AsyncIterator<RecordedEvent[]>,
  count: number,
  timeoutMs = 5000,
): Promise<RecordedEvent[]> {
  const received: RecordedEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`only ${received.length} of ${count} events arrived`)),
      timeoutMs,
    );
  });
  try {
    while (received.length < count) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done) break;
      received.push(...next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return received;
}

/**
 * The behaviour every event-store adapter must show (the port in event-store.port.ts). Run it
 * from each adapter's spec with a factory that gives a fresh, empty store.
 */
export function describeEventStoreContract(
  name: string,
  factory: () => Promise<ContractSubject>,
  capabilities: ContractCapabilities = {},
): void {
  const { uniqueEventIdsAcrossStreams = true } = capabilities;
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let n = 0;
    const stream = (): string => `contract-${++n}-${Date.now()}`;

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    describe('expected versions', () => {
      it('no_stream creates a stream and refuses an existing one with its actual version', async () => {
        const id = stream();
        await expect(store.append(id, [event('A')], 'no_stream')).resolves.toMatchObject({
          version: 1,
        });
        const error = await refusal(store.append(id, [event('B')], 'no_stream'));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId: id, actualVersion: 1, code: 'VERSION_CONFLICT' });
      });

      it('exists refuses a missing stream (actual 0) and accepts an existing one', async () => {
        const id = stream();
        expect(await refusal(store.append(id, [event('A')], 'exists'))).toMatchObject({
          actualVersion: 0,
        });
        await store.append(id, [event('A')], 'any');
        await expect(store.append(id, [event('B')], 'exists')).resolves.toMatchObject({
          version: 2,
        });
      });

      it('any appends whatever the version', async () => {
        const id = stream();
        await store.append(id, [event('A')], 'any');
        await expect(store.append(id, [event('B')], 'any')).resolves.toMatchObject({ version: 2 });
      });

      it('an exact version appends only at that version, else reports the actual one', async () => {
        const id = stream();
        await store.append(id, events(3), 'no_stream');
        await expect(store.append(id, [event('D')], 3)).resolves.toMatchObject({ version: 4 });
        const error = await refusal(store.append(id, [event('E')], 3));
        expect(error).toMatchObject({ expectedVersion: 3, actualVersion: 4 });
        expect(await store.readStream(id)).toHaveLength(4);
      });

      it('refuses an append of no events, writing nothing', async () => {
        const id = stream();
        await expect(store.append(id, [], 'any')).rejects.toThrow();
        expect(await store.readStream(id)).toEqual([]);
      });

      it('exact version 0 means the stream must not exist', async () => {
        const id = stream();
        await expect(store.append(id, [event('A')], 0)).resolves.toMatchObject({ version: 1 });
        expect(await refusal(store.append(id, [event('B')], 0))).toMatchObject({
          actualVersion: 1,
        });
      });
    });

    describe('reading', () => {
      it('appends several events atomically with contiguous versions and rising positions', async () => {
        const id = stream();
        const result = await store.append(id, events(5), 'no_stream');
        const read = await store.readStream(id);
        expect(read.map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
        expect(result).toMatchObject({ version: 5, position: read[4].position });
        for (let i = 1; i < read.length; i++)
          expect(read[i].position).toBeGreaterThan(read[i - 1].position);
      });

      it('reads a stream from a version, and an empty list for a missing stream', async () => {
        const id = stream();
        await store.append(id, events(5), 'no_stream');
        expect((await store.readStream(id, { fromVersion: 4 })).map((e) => e.version)).toEqual([
          4, 5,
        ]);
        expect(await store.readStream(id, { fromVersion: 2, maxCount: 2 })).toHaveLength(2);
        expect(await store.readStream(stream())).toEqual([]);
      });

      it('round-trips data and metadata exactly, with ids and an ISO recordedAt', async () => {
        const id = stream();
        const data = {
          text: 'Café – “quotes” 👩‍👧 \u0000 end',
          nested: { list: [1, 2.5, null, true], empty: {} },
        };
        const metadata = {
          actor: { id: 'a', role: 'BOARD_MEMBER' },
          evidence: ['https://example.org/a?b=c'],
        };
        await store.append(
          id,
          [{ eventId: 'f2a7a0c4-3f43-4c1c-9b43-3c2b5c1e0001', type: 'T', data, metadata }],
          'any',
        );
        const [read] = await store.readStream(id);
        expect(read).toMatchObject({
          eventId: 'f2a7a0c4-3f43-4c1c-9b43-3c2b5c1e0001',
          streamId: id,
          type: 'T',
          data,
          metadata,
        });
        expect(new Date(read.recordedAt).toISOString()).toBe(read.recordedAt);
      });

      it('reads all events in global order, after a position, with a limit and a stream prefix', async () => {
        const a = `alpha-${stream()}`;
        const b = `beta-${stream()}`;
        const start = await store.headPosition();
        await store.append(a, [event('A1')], 'any');
        await store.append(b, [event('B1')], 'any');
        await store.append(a, [event('A2')], 'any');
        const all = await store.readAll({ after: start });
        expect(all.map((e) => e.type)).toEqual(['A1', 'B1', 'A2']);
        expect((await store.readAll({ after: all[0].position })).map((e) => e.type)).toEqual([
          'B1',
          'A2',
        ]);
        expect(await store.readAll({ after: start, maxCount: 2 })).toHaveLength(2);
        expect(
          (await store.readAll({ after: start, streamPrefix: 'alpha-' })).map((e) => e.type),
        ).toEqual(['A1', 'A2']);
        expect(await store.headPosition()).toBe(all[2].position);
      });

      it('matches a stream prefix exactly, whatever characters follow it', async () => {
        const prefix = `pre-${stream()}`;
        const inside = [`${prefix}`, `${prefix}-1`, `${prefix}\uffff`, `${prefix}😀`];
        const outside = [prefix.slice(0, -1), `${prefix.slice(0, -1)}~`, `x${prefix}`];
        for (const id of [...inside, ...outside]) await store.append(id, [event(id)], 'any');
        const read = await store.readAll({ streamPrefix: prefix });
        expect(read.map((e) => e.streamId).sort()).toEqual([...inside].sort());
      });
    });

    describe('concurrency', () => {
      it('of 50 writers expecting the same version, exactly one wins', async () => {
        const id = stream();
        await store.append(id, [event('Start')], 'no_stream');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) => store.append(id, [event(`W${i}`)], 1)),
        );
        const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const lost = outcomes.filter(
          (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
        );
        expect(won).toHaveLength(1);
        for (const outcome of lost)
          expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('200 concurrent appends with any are all stored with contiguous versions', async () => {
        const id = stream();
        await Promise.all(
          Array.from({ length: 200 }, (_, i) => store.append(id, [event(`E${i}`)], 'any')),
        );
        const read = await store.readStream(id);
        expect(read.map((e) => e.version)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
        expect(new Set(read.map((e) => e.type)).size).toBe(200);
      });

      it('concurrent appends to many streams all land', async () => {
        const ids = Array.from({ length: 40 }, () => stream());
        await Promise.all(ids.flatMap((id) => [store.append(id, events(2), 'no_stream')]));
        for (const id of ids) expect(await store.readStream(id)).toHaveLength(2);
      });

      it('a refused append among concurrent ones fails alone', async () => {
        const [x, y] = [stream(), stream()];
        await store.append(x, [event('Start')], 'no_stream');
        const outcomes = await Promise.allSettled([
          store.append(x, [event('Again')], 'no_stream'),
          store.append(y, events(2), 'no_stream'),
          store.append(x, [event('Next')], 1),
          store.append(x, [event('Far')], 5),
        ]);
        expect(outcomes.map((outcome) => outcome.status)).toEqual([
          'rejected',
          'fulfilled',
          'fulfilled',
          'rejected',
        ]);
        expect((await store.readStream(x)).map((e) => e.type)).toEqual(['Start', 'Next']);
        expect(await store.readStream(y)).toHaveLength(2);
      });

      it('refuses an event id already stored or repeated, sparing concurrent appends', async () => {
        const [first, second, third, twice] = [stream(), stream(), stream(), stream()];
        const eventId = randomUUID();
        await store.append(first, [{ ...event('A'), eventId }], 'no_stream');
        const repeated = randomUUID();
        const outcomes = await Promise.allSettled([
          store.append(second, [event('B'), { ...event('C'), eventId }], 'any'),
          store.append(third, [event('D')], 'no_stream'),
          store.append(
            twice,
            [
              { ...event('E'), eventId: repeated },
              { ...event('F'), eventId: repeated },
            ],
            'any',
          ),
        ]);
        expect(outcomes.map((outcome) => outcome.status).slice(1)).toEqual([
          'fulfilled',
          'rejected',
        ]);
        expect(await store.readStream(twice)).toEqual([]);
        if (uniqueEventIdsAcrossStreams) {
          expect(outcomes[0].status).toBe('rejected');
          expect(await store.readStream(second)).toEqual([]);
        }
        expect((await store.readStream(first))[0].eventId).toBe(eventId);
      });
    });

    describe('subscriptions', () => {
      it('catch up on stored events, then follow live ones', async () => {
        const prefix = `sub-${stream()}-`;
        await store.append(`${prefix}1`, events(3), 'no_stream');
        const subscription = store.subscribeAll({ streamPrefix: prefix });
        const iterator = subscription[Symbol.asyncIterator]();
        expect(await take(iterator, 3)).toHaveLength(3);
        await store.append(`${prefix}2`, [event('Live')], 'no_stream');
        const live = await take(iterator, 1);
        expect(live).toHaveLength(1);
        expect(live[0]).toMatchObject({ type: 'Live', streamId: `${prefix}2` });
        await subscription.close();
      });

      it('hand over every event once, in order, in batches no larger than asked', async () => {
        const prefix = `paged-${stream()}-`;
        await store.append(`${prefix}0`, events(25), 'no_stream');
        const subscription = store.subscribeAll({ streamPrefix: prefix, batchSize: 10 });
        const iterator = subscription[Symbol.asyncIterator]();
        const sizes: number[] = [];
        const received: RecordedEvent[] = [];
        while (received.length < 25) {
          const next = await iterator.next();
          if (next.done) break;
          sizes.push(next.value.length);
          received.push(...next.value);
        }
        expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
        // Writes racing the reader: 10 appends of 3 events to 10 streams, all at once.
        const writes = Promise.all(
          Array.from({ length: 10 }, (_, i) => store.append(`${prefix}${i + 1}`, events(3), 'any')),
        );
        received.push(...(await take(iterator, 30)));
        await writes;
        const stored = await store.readAll({ streamPrefix: prefix });
        expect(stored).toHaveLength(55);
        expect(received.map((e) => e.position)).toEqual(stored.map((e) => e.position));
        await subscription.close();
      });

      it('resume from a checkpoint with exactly the events after it', async () => {
        const prefix = `resume-${stream()}-`;
        await store.append(`${prefix}1`, events(5), 'no_stream');
        const all = await store.readAll({ streamPrefix: prefix });
        const subscription = store.subscribeAll({ after: all[1].position, streamPrefix: prefix });
        const iterator = subscription[Symbol.asyncIterator]();
        const received = await take(iterator, 3);
        expect(received.map((e) => e.position)).toEqual(all.slice(2).map((e) => e.position));
        // The next batch is the next event, not a repeat of any before it.
        await store.append(`${prefix}1`, [event('Next')], 5);
        expect((await take(iterator, 1)).map((e) => e.type)).toEqual(['Next']);
        await subscription.close();
      });

      it('close ends a subscription that is waiting for news', async () => {
        const subscription = store.subscribeAll({ streamPrefix: `nothing-${stream()}` });
        const pending = subscription[Symbol.asyncIterator]().next();
        await subscription.close();
        await expect(pending).resolves.toMatchObject({ done: true });
      });

      it('close ends a for-await loop over a caught-up subscription', async () => {
        const prefix = `loop-${stream()}-`;
        await store.append(`${prefix}1`, events(2), 'no_stream');
        const subscription = store.subscribeAll({ streamPrefix: prefix });
        let received = 0;
        const loop = (async () => {
          for await (const batch of subscription) received += batch.length;
        })();
        while (received < 2) await new Promise((resolve) => setTimeout(resolve, 5));
        await subscription.close();
        await loop;
        expect(received).toBe(2);
      });
    });

    describe('size and durability', () => {
      it('stores a large event (256 KiB)', async () => {
        const id = stream();
        const big = 'x'.repeat(256 * 1024);
        await store.append(id, [event('Big', { big })], 'no_stream');
        const [read] = await store.readStream(id);
        expect((read.data as { big: string }).big).toHaveLength(big.length);
      });

      it('refuses an event over the limit and writes nothing of its append', async () => {
        const id = stream();
        const huge = 'x'.repeat(2 * 1024 * 1024); // over the default limit of 1 MiB
        await expect(
          store.append(id, [event('Ok'), event('Huge', { huge })], 'any'),
        ).rejects.toBeInstanceOf(EventTooLargeError);
        expect(await store.readStream(id)).toEqual([]);
      });

      it('close settles an append still under way, then refuses new ones', async () => {
        const id = stream();
        const underWay = store.append(id, [event('A')], 'no_stream');
        await store.close();
        await expect(underWay).resolves.toMatchObject({ version: 1 });
        await expect(store.append(id, [event('B')], 'any')).rejects.toThrow();
        await expect(store.close()).resolves.toBeUndefined();
      });

      it('keeps appended events across close and reopen', async () => {
        if (!subject.reopen) return;
        const id = stream();
        await store.append(id, events(3), 'no_stream');
        const head = await store.headPosition();
        store = await subject.reopen();
        expect((await store.readStream(id)).map((e) => e.version)).toEqual([1, 2, 3]);
        expect(await store.headPosition()).toBe(head);
        await expect(store.append(id, [event('After')], 3)).resolves.toMatchObject({
          version: 4,
        });
      });
    });
  });
}
