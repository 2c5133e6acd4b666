import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { WrongExpectedVersionError } from '../errors';
import { describeEventStoreContract } from '../testing';
import { SqliteEventStore } from './sqlite-event-store';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'rt-store-'));

describeEventStoreContract('sqlite', async () => {
  const dir = tempDir();
  const filename = join(dir, 'events.sqlite');
  let store = new SqliteEventStore({ filename });
  return Promise.resolve({
    store,
    reopen: async () => {
      await store.close();
      store = new SqliteEventStore({ filename });
      return store;
    },
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});

describe('sqlite event store', () => {
  let dir: string;
  const open = (pollIntervalMs = 250): SqliteEventStore =>
    new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs });
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('shares commits between concurrent appends (group commit)', async () => {
    const store = open();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.append(`group-${i}`, [{ type: 'T', data: {}, metadata: {} }], 'no_stream'),
      ),
    );
    expect(store.commitCount).toBeLessThan(10);
    expect(await store.headPosition()).toBe(100);
    await store.close();
  });

  it('a second process on the same file sees new events through its subscription', async () => {
    const writer = open();
    const reader = open(20);
    const subscription = reader.subscribeAll();
    const iterator = subscription[Symbol.asyncIterator]();
    await writer.append('shared', [{ type: 'FromWriter', data: {}, metadata: {} }], 'no_stream');
    const next = await iterator.next();
    expect(next.value?.[0]).toMatchObject({ type: 'FromWriter' });
    await subscription.close();
    await Promise.all([writer.close(), reader.close()]);
  });

  it('two instances on one file honour expected versions between them', async () => {
    const a = open();
    const b = open();
    await a.append('contested', [{ type: 'Start', data: {}, metadata: {} }], 'no_stream');
    const outcomes = await Promise.allSettled([
      a.append('contested', [{ type: 'A', data: {}, metadata: {} }], 1),
      b.append('contested', [{ type: 'B', data: {}, metadata: {} }], 1),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
    );
    expect(lost?.reason).toBeInstanceOf(WrongExpectedVersionError);
    await Promise.all([a.close(), b.close()]);
  });

  it('a reused event id fails only its own append in a shared commit', async () => {
    const store = open();
    const eventId = '0b0f3a1e-8d44-4d8c-9d8e-8f1f3c9a0001';
    const outcomes = await Promise.allSettled([
      store.append('first', [{ eventId, type: 'T', data: {}, metadata: {} }], 'no_stream'),
      store.append('second', [{ eventId, type: 'T', data: {}, metadata: {} }], 'no_stream'),
      store.append('third', [{ type: 'T', data: {}, metadata: {} }], 'no_stream'),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(await store.readStream('second')).toEqual([]);
    await store.close();
  });
});
