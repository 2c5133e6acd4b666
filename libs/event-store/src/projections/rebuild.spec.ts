import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { RecordedEvent } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { activeReadModelFile, cachedStatement, ReadModelDatabase } from './read-model-database';
import { readModelDigest, rebuildReadModels } from './rebuild';

/** Counts events per stream of one prefix: enough to tell a rebuild from a live build. */
const counting = (name: string, streamPrefix: string): Projection => ({
  name,
  tables: [`${name}_counts`],
  streamPrefix,
  setup: (db) =>
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${name}_counts (stream_id TEXT PRIMARY KEY, events INTEGER NOT NULL, last INTEGER NOT NULL)`,
    ),
  apply: (db, event: RecordedEvent) =>
    cachedStatement(
      db,
      `INSERT INTO ${name}_counts VALUES (?, 1, ?) ON CONFLICT (stream_id) DO UPDATE SET events = events + 1, last = excluded.last`,
    ).run(event.streamId, event.position),
});

describe('rebuilding read models', () => {
  let dir: string;
  let store: SqliteEventStore;
  let database: ReadModelDatabase;
  let runners: ProjectionRunner[];
  const projections = [counting('alpha', 'a-'), counting('beta', 'b-')];
  const base = (): string => join(dir, 'read-models.sqlite');

  /** Appends `count` events over a few streams of each prefix; the last position of each prefix. */
  const write = async (count: number): Promise<number[]> => {
    const last = [0, 0];
    for (let i = 0; i < count; i++) {
      const prefix = i % 3 === 0 ? 1 : 0;
      const stream = `${prefix ? 'b' : 'a'}-${i % 7}`;
      last[prefix] = (
        await store.append(stream, [{ type: 'T', data: { i }, metadata: {} }], 'any')
      ).position;
    }
    return last;
  };
  /** Each runner's checkpoint moves with the events of its own prefix. */
  const caughtUp = (last: number[]) =>
    Promise.all(runners.map((runner, index) => runner.waitFor(last[index])));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rt-rebuild-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    database = new ReadModelDatabase(base());
    runners = projections.map((projection) => new ProjectionRunner(store, database, projection));
    for (const runner of runners) runner.start();
  });

  afterEach(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await store.close();
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives read models identical, row for row, to those built live', async () => {
    await caughtUp(await write(845));
    const live = readModelDigest(database.db, projections);
    const progress: number[] = [];
    const report = await rebuildReadModels({
      store,
      base: base(),
      projections,
      onProgress: (p) => progress.push(p.events),
    });
    expect(report).toMatchObject({ rebuilt: ['alpha', 'beta'], copied: [], events: 845 });
    expect(progress.at(-1)).toBe(845);
    const rebuilt = new Database(report.file, { readonly: true });
    expect(readModelDigest(rebuilt, projections)).toEqual(live);
    rebuilt.close();
  });

  it('rebuilds one read model and copies the others, then a running server swaps and carries on', async () => {
    await caughtUp(await write(300));
    const report = await rebuildReadModels({ store, base: base(), projections, names: ['beta'] });
    expect(report).toMatchObject({ rebuilt: ['beta'], copied: ['alpha'] });
    expect(activeReadModelFile(base())).toBe(report.file);

    await database.swapIfRebuilt();
    expect(database.filename).toBe(report.file);
    expect(runners.every((runner) => runner.running)).toBe(true);
    await caughtUp(await write(50));
    const fresh = await rebuildReadModels({ store, base: base(), projections });
    const swapped = readModelDigest(database.db, projections);
    const check = new Database(fresh.file, { readonly: true });
    expect(readModelDigest(check, projections)).toEqual(swapped);
    check.close();
    expect(existsSync(report.file)).toBe(true);
  });

  it('refuses an unknown read model and leaves the one in use alone', async () => {
    await expect(
      rebuildReadModels({ store, base: base(), projections, names: ['gamma'] }),
    ).rejects.toThrow(/Unknown read model\(s\): gamma; known: alpha, beta/);
    expect(activeReadModelFile(base())).toBe(base());
  });
});
