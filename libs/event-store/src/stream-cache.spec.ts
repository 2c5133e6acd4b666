import { randomUUID } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { WrongExpectedVersionError } from './errors';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { StreamCachingEventStore } from './stream-cache';
import { describeEventStoreContract, describeMultiStreamAppendContract } from './testing';

const cachedSubject = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-stream-cache-'));
  const filename = join(dir, 'events.sqlite');
  let store = new StreamCachingEventStore(new SqliteEventStore({ filename }));
  return Promise.resolve({
    store,
    reopen: async () => {
      await store.close();
      store = new StreamCachingEventStore(new SqliteEventStore({ filename }));
      return store;
    },
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
};
describeEventStoreContract('sqlite with a stream cache', cachedSubject);
describeMultiStreamAppendContract('sqlite with a stream cache', cachedSubject);

describe('stream cache', () => {
  let dir: string;
  let other: SqliteEventStore;
  let adapter: SqliteEventStore;
  let cached: StreamCachingEventStore;
  const one = (type: string) => [{ type, data: {}, metadata: {} }];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rt-stream-cache-'));
    other = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    adapter = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    cached = new StreamCachingEventStore(adapter, 5);
  });
  afterEach(async () => {
    await cached.close();
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees events another process appended after the stream was cached', async () => {
    await other.append('s', one('A'), 'no_stream');
    expect((await cached.readStream('s')).map((e) => e.type)).toEqual(['A']);
    await other.append('s', one('B'), 1);
    expect((await cached.readStream('s')).map((e) => e.type)).toEqual(['A', 'B']);
    expect((await cached.readStream('s', { fromVersion: 2 })).map((e) => e.type)).toEqual(['B']);
    expect((await cached.readStream('s', { maxCount: 1 })).map((e) => e.type)).toEqual(['A']);
  });

  it('answers from memory until this process or another appends to the stream', async () => {
    await other.append('s', one('A'), 'no_stream');
    const reads = jest.spyOn(adapter, 'readStream');
    const types = async () => (await cached.readStream('s')).map((e) => e.type);
    expect(await types()).toEqual(['A']);
    expect(await types()).toEqual(['A']);
    expect(reads).toHaveBeenCalledTimes(1);
    // Its own append of one event with its id is held as a read would return it.
    const b = { eventId: randomUUID(), type: 'B', data: { at: new Date(0) }, metadata: {} };
    await cached.append('s', [b], 1);
    expect(await cached.readStream('s')).toEqual(await other.readStream('s'));
    expect(reads).toHaveBeenCalledTimes(1);
    // Anything else it appends is read back.
    await cached.append('s', [...one('C'), ...one('D')], 2);
    expect(await types()).toEqual(['A', 'B', 'C', 'D']);
    expect(reads).toHaveBeenCalledTimes(2);
    await other.append('s', one('E'), 4);
    expect(await types()).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(await types()).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(reads).toHaveBeenCalledTimes(3);
    // A caller refused because another process won the race reads what that one wrote.
    await other.append('s', one('F'), 5);
    await expect(cached.append('s', one('G'), 4)).rejects.toThrow(WrongExpectedVersionError);
    expect(await types()).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });

  it('holds no more events than its bound, letting the longest-unread streams go', async () => {
    for (const stream of ['a', 'b', 'c'])
      await other.append(stream, [...one('1'), ...one('2')], 'no_stream');
    await cached.readStream('a');
    await cached.readStream('b');
    await cached.readStream('c');
    const held = (cached as unknown as { streams: Map<string, unknown[]> }).streams;
    expect([...held.keys()]).toEqual(['b', 'c']);
    expect((await cached.readStream('a')).map((e) => e.type)).toEqual(['1', '2']);
    expect([...held.keys()]).toEqual(['c', 'a']);
  });
});
