import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeOnEachReadModelDatabase } from '../testing/read-model-databases';
import type { ReadModelDatabase } from './read-model-database';

describeOnEachReadModelDatabase('text in read models', (open) => {
  let dir: string;
  let database: ReadModelDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-text-'));
    database = await open(dir);
    await database.define((tx) => tx.exec('CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT)'));
  });

  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
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
