import Database from 'better-sqlite3';
import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { escapeIdentifier } from 'pg';
import { TrackerServer, withDatabase } from './tracker-server';

/** Each table's digest: a hash of its rows, in a stable order. */
function digestOf(tables: Map<string, unknown[]>): Record<string, string> {
  return Object.fromEntries(
    [...tables].map(([name, rows]) => {
      const hash = createHash('sha256');
      for (const row of rows.map((row) => JSON.stringify(row)).sort()) hash.update(row);
      return [name, hash.digest('hex')];
    }),
  );
}

/** A digest of every row of every read-model table but the checkpoints, in a SQLite file. */
export function digest(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'projection_checkpoints'",
      )
      .all() as { name: string }[];
    return digestOf(
      new Map(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM ${name}`).all()])),
    );
  } finally {
    db.close();
  }
}

/** The read-model file a server in `dataDir` uses: the one `read-models.sqlite.current` names, if any. */
export function liveReadModelFile(dataDir: string): string {
  const pointer = join(dataDir, 'read-models.sqlite.current');
  return existsSync(pointer)
    ? join(dataDir, readFileSync(pointer, 'utf8').trim())
    : join(dataDir, 'read-models.sqlite');
}

/** The digest of the read models a server uses now, wherever they live. */
export async function liveDigest(server: TrackerServer): Promise<Record<string, string>> {
  const schema = server.readModelSchema;
  if (!schema) return digest(liveReadModelFile(server.dataDir));
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'projection_checkpoints'",
      [schema],
    );
    const tables = new Map<string, unknown[]>();
    for (const { table_name: table } of rows) {
      const result = await client.query(
        `SELECT * FROM ${escapeIdentifier(schema)}.${escapeIdentifier(table)}`,
      );
      tables.set(table, result.rows);
    }
    return digestOf(tables);
  });
}
