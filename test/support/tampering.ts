import Database from 'better-sqlite3';
import { join } from 'path';
import { Client, escapeIdentifier } from 'pg';
import type { TrackerServer } from './tracker-server';

/**
 * Rewrites one stored event's data behind a running server's back, as someone with access to
 * its store could (SQLite file or PostgreSQL schema): for tests of tamper evidence.
 */
export async function alterEventData(
  server: TrackerServer,
  position: number,
  change: Record<string, unknown>,
): Promise<void> {
  if (server.schema) {
    const client = new Client({ connectionString: server.env.DATABASE_URL });
    await client.connect();
    try {
      const events = `${escapeIdentifier(server.schema)}.events`;
      await client.query(
        `UPDATE ${events} SET data = data::jsonb || $1::jsonb WHERE position = $2`,
        [JSON.stringify(change), position],
      );
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(join(server.dataDir, 'events.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const row = db.prepare('SELECT data FROM events WHERE position = ?').get(position) as {
      data: string;
    };
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
      JSON.stringify({ ...JSON.parse(row.data), ...change }),
      position,
    );
  } finally {
    db.close();
  }
}
