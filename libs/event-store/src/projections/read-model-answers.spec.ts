import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeOnEachReadModelDatabase } from '../testing/read-model-databases';
import type { ReadModelDatabase } from './read-model-database';
import { SqliteReadModelDatabase } from './sqlite-read-models';

/** Counts the rows of `rows` as an answer would, and how often it was computed. */
function countingAnswer(database: ReadModelDatabase) {
  let computed = 0;
  const ask = () =>
    database.answer('rows', async () => {
      computed++;
      const row = await database.sql.get<{ n: number }>('SELECT count(*) AS n FROM rows');
      return Number(row!.n);
    });
  return { ask, computed: () => computed };
}

const insert = (database: ReadModelDatabase, from: number, to: number, id: string) =>
  database.commit('p', from, to, async (tx) => {
    await tx.run('INSERT INTO rows VALUES (?)', [id]);
  });

describeOnEachReadModelDatabase('answers held until the read models move', (open) => {
  let dir: string;
  let database: ReadModelDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-answers-'));
    database = await open(dir);
    await database.define((tx) => tx.exec('CREATE TABLE rows (id TEXT PRIMARY KEY)'));
  });

  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reuses an answer until a commit moves a checkpoint, then computes it again', async () => {
    const { ask, computed } = countingAnswer(database);
    expect(await ask()).toBe(0);
    expect(await ask()).toBe(0);
    expect(computed()).toBe(1);
    expect(await insert(database, 0, 1, 'a')).toBe(true);
    expect(await ask()).toBe(1);
    expect(computed()).toBe(2);
  });

  it('holds one answer per key: one on another basis replaces it', async () => {
    const asked: string[] = [];
    const ask = (day: string) =>
      database.answer('rollup', () => Promise.resolve(asked.push(day)), day);
    await ask('monday');
    await ask('monday');
    await ask('tuesday');
    await ask('monday');
    expect(asked).toEqual(['monday', 'tuesday', 'monday']);
  });

  it('lets askers arriving together share one computation', async () => {
    const { ask, computed } = countingAnswer(database);
    expect(await Promise.all([ask(), ask(), ask()])).toEqual([0, 0, 0]);
    expect(computed()).toBe(1);
  });

  it('does not hold a failed computation', async () => {
    await expect(database.answer('broken', () => Promise.reject(new Error('no')))).rejects.toThrow(
      'no',
    );
    expect(await database.answer('broken', () => Promise.resolve('yes'))).toBe('yes');
  });

  it('does not hold an answer computed while a commit moved the read models', async () => {
    let release = (): void => undefined;
    const slow = database.answer('rows', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return 'computed before the commit';
    });
    expect(await insert(database, 0, 1, 'a')).toBe(true);
    release();
    await slow;
    expect(await database.answer('rows', () => Promise.resolve('after'))).toBe('after');
  });
});

describe('answers on a read-model file another connection commits to', () => {
  let dir: string;
  let reader: SqliteReadModelDatabase;
  let writer: SqliteReadModelDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-answers-'));
    writer = await SqliteReadModelDatabase.open(join(dir, 'read-models.sqlite'));
    await writer.define((tx) => tx.exec('CREATE TABLE rows (id TEXT PRIMARY KEY)'));
    reader = await SqliteReadModelDatabase.open(join(dir, 'read-models.sqlite'));
  });

  afterEach(async () => {
    await Promise.all([reader.close(), writer.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers afresh once a wait for the read models found the move', async () => {
    // A writer waits for its write before it reads: what the wait finds must show.
    const { ask } = countingAnswer(reader);
    expect(await ask()).toBe(0);
    expect(await insert(writer, 0, 1, 'a')).toBe(true);
    expect(await reader.reached('p', 1, 1000)).toBe(true);
    expect(await ask()).toBe(1);
  });
});
