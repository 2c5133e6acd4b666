export type SqlValue = string | number | null;

/**
 * The SQL the read models are written in, the same text for SQLite and PostgreSQL: `?`
 * placeholders, `ON CONFLICT` upserts, TEXT and integer columns (see `integerKey`). Each
 * projection and query is written once against this and runs on either database.
 */
export interface ReadModelSql {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Resolves with the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Statements without parameters, separated by semicolons (DDL). */
  exec(sql: string): Promise<void>;
}

/**
 * The column type of a global position or other counter: SQLite's INTEGER PRIMARY KEY is the
 * row id itself (the fastest key it has), PostgreSQL needs 64 bits.
 */
export const integerKey = (db: ReadModelSql): string =>
  db.dialect === 'postgres' ? 'BIGINT' : 'INTEGER';

const CHECKPOINTS = 'projection_checkpoints';

/** Creates the checkpoint table every read-model database keeps. */
export function setUpCheckpoints(db: ReadModelSql): Promise<void> {
  return db.exec(
    `CREATE TABLE IF NOT EXISTS ${CHECKPOINTS} (name TEXT PRIMARY KEY, position ${integerKey(db)} NOT NULL)`,
  );
}

export async function readCheckpoint(db: ReadModelSql, name: string): Promise<number> {
  const row = await db.get<{ position: number }>(
    `SELECT position FROM ${CHECKPOINTS} WHERE name = ?`,
    [name],
  );
  return row?.position ?? 0;
}

/** Every read model's checkpoint, by projection name. */
export async function readCheckpoints(db: ReadModelSql): Promise<Record<string, number>> {
  const rows = await db.all<{ name: string; position: number }>(
    `SELECT name, position FROM ${CHECKPOINTS} ORDER BY name`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.position)]));
}

export async function writeCheckpoint(
  db: ReadModelSql,
  name: string,
  position: number,
): Promise<void> {
  await db.run(
    `INSERT INTO ${CHECKPOINTS} (name, position) VALUES (?, ?)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    [name, position],
  );
}

/**
 * Moves a checkpoint from `from` to `to` inside the caller's transaction, first thing, unless
 * it no longer stands at `from`: then another process took the projection over, or the read
 * models were swapped for a rebuild, and the caller must roll back and start again from what
 * is stored. The conditional write also locks the row, so of two leaders that overlap for a
 * moment the second waits and then finds the checkpoint moved: never applied twice.
 */
export async function moveCheckpoint(
  db: ReadModelSql,
  name: string,
  from: number,
  to: number,
): Promise<boolean> {
  const moved = await db.run(
    `UPDATE ${CHECKPOINTS} SET position = ? WHERE name = ? AND position = ?`,
    [to, name, from],
  );
  if (moved === 1 || from !== 0) return moved === 1;
  // A projection's first commit: no row yet (a concurrent first commit makes this one fail).
  return (
    (await db.run(
      `INSERT INTO ${CHECKPOINTS} (name, position) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`,
      [name, to],
    )) === 1
  );
}

/** Rows per multi-row INSERT: well under both databases' limits on parameters. */
const ROWS_PER_INSERT = 100;
const insertTexts = new Map<string, string>();

/**
 * Inserts rows into an append-only table, many per statement (one statement per row costs a
 * round trip on PostgreSQL and a call and a promise each on SQLite); `suffix` follows the
 * VALUES, e.g. `ON CONFLICT (position) DO NOTHING`; a table is always given the same columns. Resolves with the rows inserted.
 */
export async function insertRows(
  db: ReadModelSql,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  suffix = '',
): Promise<number> {
  let inserted = 0;
  const width = columns.length;
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const count = Math.min(ROWS_PER_INSERT, rows.length - start);
    const key = `${table}|${width}|${count}|${suffix}`;
    let sql = insertTexts.get(key);
    if (sql === undefined) {
      const row = `(${columns.map(() => '?').join(', ')})`;
      sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: count }, () => row).join(', ')} ${suffix}`;
      insertTexts.set(key, sql);
    }
    const params = new Array<SqlValue>(count * width);
    for (let r = 0, p = 0; r < count; r++) {
      const row = rows[start + r];
      for (let c = 0; c < width; c++) params[p++] = row[c];
    }
    inserted += await db.run(sql, params);
  }
  return inserted;
}
