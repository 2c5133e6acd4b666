import { mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join } from 'path';
import type { RecordedEvent } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { describeOnEachReadModelDatabase } from '../testing/read-model-databases';
import type { ReadModelDatabase } from './read-model-database';
import { readModelDigest, rebuildReadModels } from './rebuild';
import { SqliteReadModelDatabase } from './sqlite-read-models';

/** Counts events per stream of one prefix: enough to tell a rebuild from a live build. */
const counting = (name: string, streamPrefix: string): Projection => ({
  name,
  tables: [`${name}_counts`],
  streamPrefix,
  setup: (db) =>
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${name}_counts (stream_id TEXT PRIMARY KEY, events INTEGER NOT NULL, last INTEGER NOT NULL)`,
    ),
  apply: async (db, event: RecordedEvent) => {
    await db.run(
      `INSERT INTO ${name}_counts VALUES (?, 1, ?) ON CONFLICT (stream_id) DO UPDATE SET events = ${name}_counts.events + 1, last = excluded.last`,
      [event.streamId, event.position],
    );
  },
});

describeOnEachReadModelDatabase('rebuilding read models', (openReadModels) => {
  let dir: string;
  let store: SqliteEventStore;
  let database: ReadModelDatabase;
  let runners: ProjectionRunner[];
  const projections = [counting('alpha', 'a-'), counting('beta', 'b-')];

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

  /** Where a server would be once it noticed the rebuild (PostgreSQL's rename is seen at once). */
  const followRebuild = async (): Promise<void> => {
    if (database instanceof SqliteReadModelDatabase) await database.swapIfRebuilt();
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-rebuild-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    database = await openReadModels(dir);
    runners = projections.map((projection) => new ProjectionRunner(store, database, projection));
    for (const runner of runners) await runner.setup();
    for (const runner of runners) runner.start();
  });

  afterEach(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await store.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives read models identical, row for row, to those built live', async () => {
    await caughtUp(await write(845));
    const live = await readModelDigest(database.sql, projections);
    const progress: number[] = [];
    const report = await rebuildReadModels({
      store,
      database,
      projections,
      onProgress: (p) => progress.push(p.events),
    });
    expect(report).toMatchObject({ rebuilt: ['alpha', 'beta'], copied: [], events: 845 });
    expect(progress.at(-1)).toBe(845);
    await followRebuild();
    expect(await readModelDigest(database.sql, projections)).toEqual(live);
  });

  it('rebuilds one read model and copies the others, then a running server moves over and carries on', async () => {
    await caughtUp(await write(300));
    const before = database.location;
    const report = await rebuildReadModels({ store, database, projections, names: ['beta'] });
    expect(report).toMatchObject({ rebuilt: ['beta'], copied: ['alpha'] });
    await followRebuild();
    if (database instanceof SqliteReadModelDatabase) expect(database.location).toBe(report.file);
    else expect(database.location).toBe(before);
    expect(runners.every((runner) => runner.running)).toBe(true);

    await caughtUp(await write(50));
    const live = await readModelDigest(database.sql, projections);
    const again = await rebuildReadModels({ store, database, projections });
    await followRebuild();
    expect(await readModelDigest(database.sql, projections)).toEqual(live);
    if (database instanceof SqliteReadModelDatabase) {
      // The first file and the one it replaced are gone: only the one in use is left.
      const readModelFiles = readdirSync(dir).filter((name) =>
        /^read-models.*\.sqlite$/.test(name),
      );
      expect(readModelFiles).toEqual([basename(again.file)]);
    }
    // Each stream counted once per event: nothing applied twice across the moves.
    const counted = await database.sql.all<{ events: number }>('SELECT events FROM alpha_counts');
    expect(counted.reduce((sum, row) => sum + row.events, 0)).toBe(233);
  });

  it('refuses an unknown read model and leaves the one in use alone', async () => {
    const before = database.location;
    await expect(
      rebuildReadModels({ store, database, projections, names: ['gamma'] }),
    ).rejects.toThrow(/Unknown read model\(s\): gamma; known: alpha, beta/);
    await followRebuild();
    expect(database.location).toBe(before);
  });
});
