import type Database from 'better-sqlite3';
import type { Pool } from 'pg';

/*
 * A table of one row holding a secret (`only_row` 1, `secret`): the first candidate written is
 * kept and every process reads that one back, so they all sign with the same secret.
 */

/** Keeps the candidate unless a secret is already kept in the SQLite table; returns the kept one. */
export function keepSqliteSecret(db: Database.Database, table: string, candidate: string): string {
  db.prepare(`INSERT INTO ${table} (only_row, secret) VALUES (1, ?) ON CONFLICT DO NOTHING`).run(
    candidate,
  );
  return db.prepare(`SELECT secret FROM ${table}`).pluck().get() as string;
}

/** Keeps the candidate unless a secret is already kept in the PostgreSQL table; returns the kept one. */
export async function keepPostgresSecret(
  pool: Pool,
  table: string,
  candidate: string,
): Promise<string> {
  const { rows } = await pool.query<{ secret: string }>(
    `WITH kept AS (
       INSERT INTO ${table} (only_row, secret) VALUES (1, $1)
       ON CONFLICT DO NOTHING RETURNING secret
     )
     SELECT secret FROM kept UNION ALL SELECT secret FROM ${table}`,
    [candidate],
  );
  return rows[0].secret;
}
