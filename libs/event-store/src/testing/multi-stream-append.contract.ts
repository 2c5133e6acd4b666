import { randomUUID } from 'crypto';
import { EventTooLargeError, WrongExpectedVersionError } from '../errors';
import type { EventStore, NewEvent } from '../event-store.port';
import type { ContractCapabilities, ContractSubject } from './event-store.contract';

const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  type,
  data,
  metadata: { actor: { id: 'contract' }, commandId: `c-${type}` },
});

/**
 * `appendMany`: several streams, all or none, for a change that spans streams, such as a
 * milestone import. Run it beside the main contract from each adapter's spec.
 */
export function describeMultiStreamAppendContract(
  name: string,
  factory: () => Promise<ContractSubject>,
  capabilities: ContractCapabilities = {},
): void {
  const { uniqueEventIdsAcrossStreams = true, atomicMultiStreamAppend = true } = capabilities;
  describe(`event store contract, multi-stream append: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let n = 0;
    const stream = (): string => `many-${++n}-${randomUUID()}`;
    const types = async (id: string): Promise<string[]> =>
      (await store.readStream(id)).map((e) => e.type);

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('appends to every stream, each from its own expected version, with rising positions', async () => {
      const [fresh, existing] = [stream(), stream()];
      await store.append(existing, [event('Start')], 'no_stream');
      const results = await store.appendMany([
        { streamId: fresh, events: [event('A1'), event('A2')], expectedVersion: 'no_stream' },
        { streamId: existing, events: [event('B')], expectedVersion: 1 },
      ]);
      expect(results.map((result) => result.version)).toEqual([2, 2]);
      expect(results[1].position).toBeGreaterThan(results[0].position);
      // One commit, one clock reading (appends one after the other are recorded one by one).
      if (atomicMultiStreamAppend) expect(results[0].recordedAt).toBe(results[1].recordedAt);
      expect(await types(fresh)).toEqual(['A1', 'A2']);
      expect(await types(existing)).toEqual(['Start', 'B']);
      const [last] = await store.readStream(existing, { fromVersion: 2 });
      expect(last.position).toBe(results[1].position);
    });

    it('one stale expected version refuses them all and writes nothing', async () => {
      const [a, b, c] = [stream(), stream(), stream()];
      await store.append(b, [event('B1'), event('B2')], 'no_stream');
      const head = await store.headPosition();
      const refusal = await store
        .appendMany([
          { streamId: a, events: [event('A')], expectedVersion: 'no_stream' },
          { streamId: b, events: [event('B3')], expectedVersion: 1 },
          { streamId: c, events: [event('C')], expectedVersion: 'any' },
        ])
        .catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(WrongExpectedVersionError);
      expect(refusal).toMatchObject({ streamId: b, expectedVersion: 1, actualVersion: 2 });
      expect(await types(a)).toEqual([]);
      expect(await types(b)).toEqual(['B1', 'B2']);
      expect(await types(c)).toEqual([]);
      expect(await store.headPosition()).toBe(head);
    });

    it('an event over the size limit or a reused event id refuses them all', async () => {
      const [a, b] = [stream(), stream()];
      const huge = 'x'.repeat(2 * 1024 * 1024);
      await expect(
        store.appendMany([
          { streamId: a, events: [event('A')], expectedVersion: 'any' },
          { streamId: b, events: [event('Huge', { huge })], expectedVersion: 'any' },
        ]),
      ).rejects.toBeInstanceOf(EventTooLargeError);
      if (!uniqueEventIdsAcrossStreams) {
        expect([...(await types(a)), ...(await types(b))]).toEqual([]);
        return;
      }
      const eventId = randomUUID();
      await store.append(stream(), [{ ...event('Taken'), eventId }], 'no_stream');
      await expect(
        store.appendMany([
          { streamId: a, events: [event('A')], expectedVersion: 'any' },
          { streamId: b, events: [{ ...event('Again'), eventId }], expectedVersion: 'any' },
        ]),
      ).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      expect(await types(a)).toEqual([]);
      expect(await types(b)).toEqual([]);
    });

    it('refuses an append of no events or a stream named twice; an empty list writes nothing', async () => {
      const [a, b] = [stream(), stream()];
      const head = await store.headPosition();
      await expect(
        store.appendMany([
          { streamId: a, events: [event('A')], expectedVersion: 'any' },
          { streamId: b, events: [], expectedVersion: 'any' },
        ]),
      ).rejects.toThrow();
      await expect(
        store.appendMany([
          { streamId: a, events: [event('A1')], expectedVersion: 'any' },
          { streamId: a, events: [event('A2')], expectedVersion: 'any' },
        ]),
      ).rejects.toThrow();
      await expect(store.appendMany([])).resolves.toEqual([]);
      expect(await store.headPosition()).toBe(head);
    });

    it('racing single appends: the multi-stream append lands whole or not at all', async () => {
      const ids = Array.from({ length: 10 }, () => stream());
      await Promise.all(ids.map((id) => store.append(id, [event('Start')], 'no_stream')));
      const outcomes = await Promise.allSettled([
        store.append(ids[7], [event('Racer')], 1),
        store.appendMany(
          ids.map((id) => ({ streamId: id, events: [event('Many')], expectedVersion: 1 })),
        ),
        store.append(ids[3], [event('Other')], 'any'),
      ]);
      const versions = await Promise.all(ids.map(async (id) => (await types(id)).length));
      if (outcomes[1].status === 'fulfilled') {
        // It went first: the racer expecting version 1 lost, the 'any' append landed after it.
        expect(outcomes[0].status).toBe('rejected');
        expect(versions).toEqual(ids.map((_, i) => (i === 3 ? 3 : 2)));
      } else {
        const refusal = outcomes[1].reason as WrongExpectedVersionError;
        expect(refusal).toBeInstanceOf(WrongExpectedVersionError);
        // Not atomic: a racer landing between the checks and its stream's append leaves the
        // streams before that one appended (a prefix), never any after it.
        const untouched = atomicMultiStreamAppend ? ids : ids.slice(ids.indexOf(refusal.streamId));
        for (const id of untouched) expect(await types(id)).not.toContain('Many');
      }
      expect(outcomes[2].status).toBe('fulfilled');
    });

    it('concurrent multi-stream appends over the same streams: exactly one wins', async () => {
      const ids = [stream(), stream(), stream()];
      const outcomes = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) =>
          store.appendMany(
            ids.map((id) => ({
              streamId: id,
              events: [event(`Writer${i}`)],
              expectedVersion: 'no_stream' as const,
            })),
          ),
        ),
      );
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const winner = (await types(ids[0]))[0];
      for (const id of ids) expect(await types(id)).toEqual([winner]);
    });

    it('keeps a large multi-stream append whole (2,000 streams, 10,000 events)', async () => {
      const prefix = `bulk-${stream()}-`;
      const appends = Array.from({ length: 2000 }, (_, i) => ({
        streamId: `${prefix}${i}`,
        events: Array.from({ length: 5 }, (_, j) => event(`E${j}`, { i, j })),
        expectedVersion: 'no_stream' as const,
      }));
      const results = await store.appendMany(appends);
      expect(results).toHaveLength(2000);
      expect(results.every((result) => result.version === 5)).toBe(true);
      expect(await store.readAll({ streamPrefix: prefix })).toHaveLength(10_000);
    });
  });
}
