import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { writeCheckpoint } from './read-model-sql';
import { SqliteReadModelDatabase } from './sqlite-read-models';

describe('SQLite read models', () => {
  let dir: string;
  let database: SqliteReadModelDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-sqlite-rm-'));
    database = await SqliteReadModelDatabase.open(join(dir, 'read-models.sqlite'));
    await database.transaction((tx) => tx.exec('CREATE TABLE rows (id TEXT PRIMARY KEY)'));
  });

  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never lets a read see a checkpoint moved before the rows it covers', async () => {
    // A commit moves the checkpoint first, then applies, with awaits in between: a read on
    // the shared connection in that gap must wait for the commit.
    const committing = database.commit('p', 0, 7, async (tx) => {
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      await tx.run('INSERT INTO rows VALUES (?)', ['a']);
    });
    await new Promise((resolve) => setImmediate(resolve));
    const [checkpoint, rows] = await Promise.all([
      database.checkpoint('p'),
      database.sql.all<{ id: string }>('SELECT id FROM rows'),
    ]);
    expect(await committing).toBe(true);
    expect({ checkpoint, rows }).toEqual({ checkpoint: 7, rows: [{ id: 'a' }] });
  });

  it('refuses a commit whose checkpoint moved meanwhile, changing nothing', async () => {
    expect(await database.commit('p', 0, 3, (tx) => tx.exec("INSERT INTO rows VALUES ('a')"))).toBe(
      true,
    );
    expect(await database.commit('p', 0, 5, (tx) => tx.exec("INSERT INTO rows VALUES ('b')"))).toBe(
      false,
    );
    expect(await database.checkpoint('p')).toBe(3);
    expect(await database.sql.all('SELECT id FROM rows')).toEqual([{ id: 'a' }]);
  });

  it("reads every read model's checkpoint at once, by name", async () => {
    expect(await database.checkpoints()).toEqual({});
    await database.commit('b', 0, 4, () => Promise.resolve());
    await database.commit('a', 0, 9, () => Promise.resolve());
    expect(await database.checkpoints()).toEqual({ a: 9, b: 4 });
  });

  it('counts a move found in the database but not yet heard as heard: held answers are not reused', async () => {
    let computed = 0;
    const answer = () => database.answer('count', () => Promise.resolve(++computed));
    expect(await answer()).toBe(1);
    // Committed, its announcement not yet heard: the held answer still stands.
    await writeCheckpoint(database.sql, 'p', 12);
    expect(await answer()).toBe(1);
    expect(await database.checkpoints()).toEqual({ p: 12 });
    expect(await answer()).toBe(2);
  });
});
