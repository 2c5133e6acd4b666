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

describeOnEachReadModelDatabase('read-model database: held answers and text', (open) => {
  let dir: string;
  let database: ReadModelDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-answers-'));
    database = await open(dir);
    await database.define(async (tx) => {
      await tx.exec('CREATE TABLE rows (id TEXT PRIMARY KEY)');
      await tx.exec('CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT)');
    });
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

  it('takes any string an event may carry, U+0000 included, and finds it again by it', async () => {
    const body = 'before\u0000after \u{1F600} \uFFFF';
    const written = await database.commit('notes', 0, 1, async (tx) => {
      await tx.run('INSERT INTO notes VALUES (?, ?)', ['a\u0000', body]);
    });
    expect(written).toBe(true);
    const row = await database.sql.get<{ id: string; body: string }>(
      'SELECT id, body FROM notes WHERE id = ?',
      ['a\u0000'],
    );
    // PostgreSQL text cannot hold U+0000: it reads back as U+FFFD there, exactly elsewhere.
    const stored = (text: string) =>
      database.sql.dialect === 'postgres' ? text.replaceAll('\u0000', '\uFFFD') : text;
    expect(row).toEqual({ id: stored('a\u0000'), body: stored(body) });
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
