import { randomBytes, randomUUID } from 'crypto';
import { ImportRefusedError } from '../event-import';
import type { CommittedBatch, NewEvent } from '../event-store.port';
import {
  describeEventImportContract,
  describeEventStoreContract,
  describeMultiStreamAppendContract,
  type ContractCapabilities,
  type ContractSubject,
} from '../testing';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { InMemoryEventStoreDb } from './testing/in-memory-eventstoredb';

/**
 * The contract on a real EventStoreDB / KurrentDB server, when EVENTSTOREDB_URL names one, e.g.
 *   docker run --rm -p 2113:2113 -e KURRENTDB_INSECURE=true kurrentdb/kurrentdb:25.1
 *   EVENTSTOREDB_URL='esdb://127.0.0.1:2113?tls=false' npx jest libs/event-store/src/eventstoredb
 * Every case gets a namespace of its own (a stream-name prefix unique to this run), so it sees
 * an empty store whatever the server already holds. Without a server the suite is skipped,
 * with the reason printed: none can be installed on the development machine.
 */
const url = process.env.EVENTSTOREDB_URL;
/** What EventStoreDB cannot promise (see the adapter's comment); the contract checks the rest. */
const capabilities: ContractCapabilities = {
  uniqueEventIdsAcrossStreams: false,
  atomicMultiStreamAppend: false,
};
const one = (type = 'T'): NewEvent[] => [{ type, data: {}, metadata: {} }];

/**
 * The adapter's own logic (paging, filtering, positions, the appendMany sequence, subscription
 * buffering and resumption) on every run, over a stand-in for the client that models the
 * server as its source describes it (see in-memory-eventstoredb.ts). It cannot vouch for the
 * server itself: the suite below, on a real one, does.
 */
describe('eventstoredb adapter on an in-memory stand-in for the server', () => {
  jest.setTimeout(30_000);
  let cases = 0;
  const subject = async (): Promise<ContractSubject> => {
    const server = new InMemoryEventStoreDb();
    const options = { connectionString: 'esdb://stand-in:2113', namespace: `ns${++cases}-` };
    let store = await EventStoreDbEventStore.withClient(server.client(), options);
    return {
      store,
      reopen: async () => {
        await store.close();
        store = await EventStoreDbEventStore.withClient(server.client(), options);
        return store;
      },
      cleanup: () => store.close(),
    };
  };
  describeEventStoreContract('eventstoredb stand-in', subject, capabilities);
  describeMultiStreamAppendContract('eventstoredb stand-in', subject, capabilities);
  describeEventImportContract('eventstoredb stand-in', subject);

  it.each([
    ['a server that starts after the position', false],
    ['a server that includes the event there', true],
  ])('subscriptions resume after a lost connection without repeats, on %s', async (_, include) => {
    const server = new InMemoryEventStoreDb({ subscriptionsIncludeStart: include });
    const store = await EventStoreDbEventStore.withClient(server.client(), {
      connectionString: 'esdb://stand-in:2113',
      retryDelayMs: 10,
    });
    const subscription = store.subscribeAll({ streamPrefix: 'lost-', batchSize: 2 });
    const iterator = subscription[Symbol.asyncIterator]();
    await store.append('lost-1', [...one('A'), ...one('B'), ...one('C')], 'no_stream');
    const received = [...((await iterator.next()).value as { type: string }[])];
    server.dropSubscriptions();
    await store.append('lost-1', one('D'), 3);
    while (received.length < 4) {
      received.push(...((await iterator.next()).value as { type: string }[]));
    }
    expect(received.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
    await subscription.close();
    await store.close();
  });

  it('leaves the server untouched by an appendMany refused at its checks', async () => {
    const server = new InMemoryEventStoreDb();
    const store = await EventStoreDbEventStore.withClient(server.client(), {
      connectionString: 'esdb://stand-in:2113',
    });
    await store.append('b', one(), 'no_stream');
    const head = await store.headPosition();
    await expect(
      store.appendMany([
        { streamId: 'a', events: one(), expectedVersion: 'no_stream' },
        { streamId: 'b', events: one(), expectedVersion: 'no_stream' },
      ]),
    ).rejects.toMatchObject({ streamId: 'b', actualVersion: 1 });
    expect(await store.headPosition()).toBe(head);
    await store.close();
  });

  it('tells its observer of each stream append written, each a commit of its own', async () => {
    const commits: CommittedBatch[] = [];
    const store = await EventStoreDbEventStore.withClient(new InMemoryEventStoreDb().client(), {
      connectionString: 'esdb://stand-in:2113',
      onCommit: (batch) => commits.push(batch),
    });
    await store.append('a', [...one(), ...one()], 'no_stream');
    await store.appendMany([
      { streamId: 'b', events: one(), expectedVersion: 'no_stream' },
      { streamId: 'c', events: one(), expectedVersion: 'no_stream' },
    ]);
    await expect(store.append('a', one(), 'no_stream')).rejects.toThrow();
    expect(commits).toEqual([
      { appends: 1, events: 2 },
      { appends: 1, events: 1 },
      { appends: 1, events: 1 },
    ]);
    await store.close();
  });

  it('refuses to import an event id the server would hand back changed (upper case)', async () => {
    const store = await EventStoreDbEventStore.withClient(new InMemoryEventStoreDb().client(), {
      connectionString: 'esdb://stand-in:2113',
    });
    const imported = {
      eventId: randomUUID().toUpperCase(),
      streamId: 'upper',
      version: 1,
      position: 1,
      type: 'T',
      data: {},
      metadata: {},
      recordedAt: '2024-01-01T00:00:00.000Z',
    };
    await expect(store.importRecorded([imported])).rejects.toThrow(ImportRefusedError);
    expect(await store.headPosition()).toBe(0);
    await store.close();
  });
});

describe('eventstoredb event store without a server', () => {
  it('refuses to open on a server that does not answer, naming it without its password', async () => {
    const opening = EventStoreDbEventStore.open({
      connectionString: 'kurrentdb://admin:changeit@127.0.0.1:1?tls=false',
    });
    await expect(opening).rejects.toThrow(
      'EventStoreDB at kurrentdb://admin:***@127.0.0.1:1?tls=false does not answer',
    );
  });

  it('refuses a namespace in the system streams', async () => {
    await expect(
      EventStoreDbEventStore.open({ connectionString: 'esdb://127.0.0.1:1', namespace: '$x' }),
    ).rejects.toThrow('cannot start with $');
  });
});

if (!url) {
  console.warn(
    'Skipping the EventStoreDB event store tests: EVENTSTOREDB_URL is not set (see the README, "Stores").',
  );
  describe.skip('eventstoredb event store (EVENTSTOREDB_URL is not set)', () => {
    it('needs a server', () => undefined);
  });
} else {
  // A case appends to thousands of streams over the network: more than jest's default 5 s.
  jest.setTimeout(120_000);
  const run = `rt-test-${Date.now()}-${randomBytes(3).toString('hex')}`;
  let cases = 0;
  const open = (namespace: string): Promise<EventStoreDbEventStore> =>
    EventStoreDbEventStore.open({ connectionString: url, namespace });

  const subject = async (): Promise<ContractSubject> => {
    const namespace = `${run}-${++cases}-`;
    let store = await open(namespace);
    return {
      store,
      reopen: async () => {
        await store.close();
        store = await open(namespace);
        return store;
      },
      cleanup: () => store.close(),
    };
  };
  describeEventStoreContract('eventstoredb', subject, capabilities);
  describeMultiStreamAppendContract('eventstoredb', subject, capabilities);
  describeEventImportContract('eventstoredb', subject);

  describe('eventstoredb event store specifics', () => {
    let stores: EventStoreDbEventStore[];
    const tracked = async (namespace = `${run}-${++cases}-`): Promise<EventStoreDbEventStore> => {
      const store = await open(namespace);
      stores.push(store);
      return store;
    };
    beforeEach(() => {
      stores = [];
    });
    afterEach(async () => {
      await Promise.all(stores.map((store) => store.close()));
    });

    it('resumes readAll from a position inside one multi-event append', async () => {
      const store = await tracked();
      await store.append('s', [...one('A'), ...one('B'), ...one('C'), ...one('D')], 'no_stream');
      const all = await store.readAll();
      expect(all.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
      expect((await store.readAll({ after: all[1].position })).map((e) => e.type)).toEqual([
        'C',
        'D',
      ]);
      expect(await store.readAll({ after: all[3].position })).toEqual([]);
    });

    it('keeps namespaces apart: streams, reads and head', async () => {
      const a = await tracked();
      const b = await tracked();
      await a.append('shared-name', one('InA'), 'no_stream');
      await b.append('shared-name', one('InB'), 'no_stream');
      await b.append('shared-name', one('InB2'), 1);
      expect((await a.readStream('shared-name')).map((e) => e.type)).toEqual(['InA']);
      expect((await a.readAll()).map((e) => e.streamId)).toEqual(['shared-name']);
      const [last] = await a.readAll();
      expect(await a.headPosition()).toBe(last.position);
      expect(await b.headPosition()).toBeGreaterThan(last.position);
    });

    it('accepts a kurrentdb:// connection string', async () => {
      const store = await EventStoreDbEventStore.open({
        connectionString: url.replace(/^esdb/, 'kurrentdb'),
        namespace: `${run}-${++cases}-`,
      });
      stores.push(store);
      await expect(store.append('k', one(), 'no_stream')).resolves.toMatchObject({ version: 1 });
    });

    it('refuses event ids that are not UUIDs before writing', async () => {
      const store = await tracked();
      await expect(
        store.append('ids', [{ eventId: 'not-a-uuid', type: 'T', data: {}, metadata: {} }], 'any'),
      ).rejects.toThrow('UUID');
      expect(await store.readStream('ids')).toEqual([]);
    });
  });
}
