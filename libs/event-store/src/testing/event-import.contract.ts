import { randomUUID } from 'crypto';
import { ImportRefusedError, supportsImport, type EventImport } from '../event-import';
import type { EventStore, RecordedEvent } from '../event-store.port';
import type { ContractSubject } from './event-store.contract';

/**
 * `importRecorded` (EventImport): events of another store written as they were recorded, for
 * `tracker migrate-store`. Run it beside the main contract from each adapter's spec.
 */
export function describeEventImportContract(
  name: string,
  factory: () => Promise<ContractSubject>,
): void {
  describe(`event store contract, import of recorded events: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore & EventImport;
    let history: RecordedEvent[];

    /** What another store recorded: two streams interleaved, positions with gaps, three commits. */
    const recorded = (): RecordedEvent[] => {
      const [a, b] = [`import-a-${randomUUID()}`, `import-b-${randomUUID()}`];
      const commits = [
        '2021-03-04T05:06:07.089Z',
        '2022-11-30T23:59:59.999Z',
        '2023-01-01T00:00:00.000Z',
      ];
      const rows: [string, number, number, number][] = [
        [a, 1, 3, 0],
        [a, 2, 4, 0],
        [b, 1, 9, 1],
        [a, 3, 10, 1],
        [b, 2, 12, 2],
        [b, 3, 13, 2],
      ];
      return rows.map(([streamId, version, position, commit]) => ({
        eventId: randomUUID(),
        streamId,
        version,
        position,
        type: `Happened${version}`,
        data: { version, nested: { list: [1, 'two', null], text: 'é \u2028' } },
        metadata: {
          actor: { id: 'import' },
          integrity: { hash: `h${position}`, chainedAt: commits[commit] },
        },
        recordedAt: commits[commit],
      }));
    };
    /** The events as the store read them back, positions left out where it does not keep them. */
    const stored = async (): Promise<unknown[]> => comparable(await store.readAll());
    const comparable = (events: RecordedEvent[]): unknown[] =>
      events.map(({ position, ...event }) =>
        store.importKeepsPositions ? { ...event, position } : event,
      );
    const refusal = async (events: RecordedEvent[]): Promise<unknown> =>
      store.importRecorded(events).then(
        () => new Error('expected the import to be refused'),
        (error: unknown) => error,
      );

    beforeEach(async () => {
      subject = await factory();
      if (!supportsImport(subject.store)) throw new Error(`${name} cannot import`);
      store = subject.store;
      history = recorded();
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('keeps every field of every event, in global order', async () => {
      await store.importRecorded(history);
      expect(await stored()).toEqual(comparable(history));
      const positions = (await store.readAll()).map((event) => event.position);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
      expect(await store.readStream(history[2].streamId)).toEqual(
        (await store.readAll()).filter((event) => event.streamId === history[2].streamId),
      );
      if (store.importKeepsPositions) expect(await store.headPosition()).toBe(13);
    });

    it('goes on where it stopped, also after a reopen; an empty batch writes nothing', async () => {
      await store.importRecorded(history.slice(0, 3));
      if (subject.reopen) {
        const reopened = await subject.reopen();
        if (!supportsImport(reopened)) throw new Error(`${name} cannot import`);
        store = reopened;
      }
      await store.importRecorded([]);
      await store.importRecorded(history.slice(3));
      expect(await stored()).toEqual(comparable(history));
    });

    it('puts later appends after the imported events; a subscriber sees them all in order', async () => {
      const subscription = store.subscribeAll({ batchSize: 2 });
      const iterator = subscription[Symbol.asyncIterator]();
      await store.importRecorded(history);
      const [a] = [history[0].streamId];
      const appended = await store.append(a, [{ type: 'After', data: {}, metadata: {} }], 3);
      expect(appended.version).toBe(4);
      const head = (await store.readAll()).at(-2)?.position ?? 0;
      expect(appended.position).toBeGreaterThan(head);
      const received: RecordedEvent[] = [];
      while (received.length < history.length + 1) {
        const next = await iterator.next();
        if (next.done) break;
        received.push(...next.value);
      }
      await subscription.close();
      expect(received.map((event) => event.eventId)).toEqual([
        ...history.map((event) => event.eventId),
        (await store.readStream(a, { fromVersion: 4 }))[0].eventId,
      ]);
    });

    it('refuses a batch that does not continue the store, writing nothing', async () => {
      await store.importRecorded(history.slice(0, 2));
      const before = await stored();
      // Imported again, as after an interruption: never stored twice.
      expect(await refusal(history.slice(0, 3))).toBeInstanceOf(ImportRefusedError);
      // A version skipped.
      expect(await refusal(history.slice(3))).toBeInstanceOf(ImportRefusedError);
      if (store.importKeepsPositions) {
        // A position at or below the head, though the versions would follow.
        const behind = { ...history[2], position: 4 };
        expect(await refusal([behind])).toMatchObject({ code: 'VERSION_CONFLICT' });
      }
      expect(await stored()).toEqual(before);
    });

    it('refuses a malformed batch, even when only its last event is wrong, writing nothing', async () => {
      const last = history.length - 1;
      const withLast = (change: Partial<RecordedEvent>): RecordedEvent[] => [
        ...history.slice(0, last),
        { ...history[last], ...change },
      ];
      for (const batch of [
        withLast({ position: history[last - 1].position }),
        withLast({ version: 4 }),
        withLast({ eventId: history[0].eventId }),
        withLast({ recordedAt: '2023-01-01T00:00:00Z' }),
      ]) {
        expect(await refusal(batch)).toBeInstanceOf(ImportRefusedError);
      }
      expect(await store.readAll()).toEqual([]);
    });
  });
}
