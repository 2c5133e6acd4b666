import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { EventStore, NewEvent, RecordedEvent } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { InMemoryEventStoreDb } from './eventstoredb/testing/in-memory-eventstoredb';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { migrateStore, TargetNotPrefixError } from './store-migration';

const event = (type: string, i: number): NewEvent => ({
  type,
  data: { i },
  metadata: { actor: { id: 'migration' } },
});

describe('migrateStore', () => {
  let dir: string;
  const open: EventStore[] = [];
  const sqlite = (name: string): SqliteEventStore => {
    const store = new SqliteEventStore({ filename: join(dir, `${name}.sqlite`) });
    open.push(store);
    return store;
  };
  const withoutPositions = (events: RecordedEvent[]) =>
    events.map(({ position: _position, ...rest }) => rest);

  /** 40 events in four streams, interleaved, in commits of one to three events. */
  async function history(store: EventStore): Promise<RecordedEvent[]> {
    for (let i = 0; i < 20; i++) {
      const stream = `stream-${i % 4}`;
      await store.append(stream, [event('A', i), ...(i % 2 ? [event('B', i)] : [])], 'any');
      if (i % 3 === 0) await store.append(`other-${i % 2}`, [event('C', i)], 'any');
    }
    return store.readAll();
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rt-migrate-'));
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every event as recorded; a second run finds it complete and writes nothing', async () => {
    const source = sqlite('source');
    const target = sqlite('target');
    const events = await history(source);
    const progress: number[] = [];
    const report = await migrateStore({
      source,
      target,
      batchSize: 7,
      onProgress: ({ copied }) => progress.push(copied),
    });
    expect(report).toEqual({
      alreadyCopied: 0,
      copied: events.length,
      position: events.at(-1)?.position,
      head: events.at(-1)?.position,
      complete: true,
    });
    expect(progress.slice(0, 3)).toEqual([7, 14, 21]);
    expect(progress.at(-1)).toBe(events.length);
    expect(await target.readAll()).toEqual(events);
    const again = await migrateStore({ source, target, batchSize: 7 });
    expect(again).toMatchObject({ alreadyCopied: events.length, copied: 0, complete: true });
    expect(await target.headPosition()).toBe(events.at(-1)?.position);
  });

  it('stops after maxEvents and goes on from there on the next run', async () => {
    const source = sqlite('source');
    const target = sqlite('target');
    const events = await history(source);
    const first = await migrateStore({ source, target, batchSize: 4, maxEvents: 10 });
    expect(first).toMatchObject({ copied: 10, complete: false, position: events[9].position });
    const second = await migrateStore({ source, target, batchSize: 4 });
    expect(second).toMatchObject({ alreadyCopied: 10, copied: events.length - 10, complete: true });
    expect(await target.readAll()).toEqual(events);
  });

  it('leaves events appended to the source after it started for the next run', async () => {
    const source = sqlite('source');
    const target = sqlite('target');
    const events = await history(source);
    let late: Promise<unknown> = Promise.resolve();
    const report = await migrateStore({
      source,
      target,
      batchSize: 5,
      onProgress: ({ copied }) => {
        if (copied === 5) late = source.append('late', [event('Late', 0)], 'no_stream');
      },
    });
    await late;
    expect(report).toMatchObject({ copied: events.length, complete: true });
    expect(await migrateStore({ source, target })).toMatchObject({
      alreadyCopied: events.length,
      copied: 1,
    });
    expect(await target.readAll()).toEqual(await source.readAll());
  });

  it('refuses a target holding other events, or more than the source, writing nothing', async () => {
    const source = sqlite('source');
    const events = await history(source);
    const other = sqlite('other');
    await other.append('stream-0', [event('A', 0)], 'no_stream');
    await expect(migrateStore({ source, target: other })).rejects.toThrow(TargetNotPrefixError);
    await expect(migrateStore({ source, target: other })).rejects.toThrow(
      /event 1 \(stream-0 version 1, position 1\) differs in its eventId/,
    );
    expect(await other.readAll()).toHaveLength(1);

    const longer = sqlite('longer');
    await longer.importRecorded(events);
    await longer.append('extra', [event('X', 0)], 'no_stream');
    const shorter = sqlite('shorter');
    await shorter.importRecorded(events.slice(0, 5));
    await expect(migrateStore({ source: shorter, target: longer })).rejects.toThrow(
      /beyond the source's last event/,
    );
    expect(await longer.readAll()).toHaveLength(events.length + 1);
  });

  it('copies to EventStoreDB with recordedAt kept and its own positions, and resumes after part of a batch', async () => {
    const source = sqlite('source');
    const events = await history(source);
    const target = await EventStoreDbEventStore.withClient(new InMemoryEventStoreDb().client(), {
      connectionString: 'esdb://stand-in:2113',
    });
    open.push(target);
    // An interrupted batch leaves its first streams written: a prefix of the global order.
    await target.importRecorded(events.slice(0, 3));
    const report = await migrateStore({ source, target, batchSize: 8 });
    expect(report).toMatchObject({ alreadyCopied: 3, copied: events.length - 3, complete: true });
    const copied = await target.readAll();
    expect(withoutPositions(copied)).toEqual(withoutPositions(events));
    expect(copied.map((e) => e.position)).not.toEqual(events.map((e) => e.position));
    expect(await migrateStore({ source, target })).toMatchObject({ copied: 0, complete: true });
  });
});
