import Database from 'better-sqlite3';

/** A connection to `access.sqlite` as every user of it opens one: WAL, durable, waiting on locks. */
export function openAccessDatabase(filename: string): Database.Database {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}
