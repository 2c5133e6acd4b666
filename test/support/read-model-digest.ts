import Database from 'better-sqlite3';
import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

/** A digest of every row of every read-model table but the checkpoints. */
export function digest(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'projection_checkpoints'",
      )
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => {
        const columns = db.prepare(`PRAGMA table_info(${name})`).all().length;
        const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
        const hash = createHash('sha256');
        for (const row of db.prepare(`SELECT * FROM ${name} ORDER BY ${order}`).iterate())
          hash.update(JSON.stringify(row));
        return [name, hash.digest('hex')];
      }),
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
