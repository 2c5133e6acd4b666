import Database from 'better-sqlite3';

/**
 * The SQL home of the read models (SQLite by default). Read models can always be rebuilt from
 * the events, so commits need not wait for fsync: WAL keeps each transaction atomic, and a
 * transaction lost in a crash is applied again from the checkpoint that was lost with it.
 */
export class ReadModelDatabase {
  readonly db: Database.Database;
  private readonly readCheckpoint: Database.Statement<[string], { position: number }>;
  private readonly writeCheckpoint: Database.Statement<[string, number]>;

  constructor(filename: string) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS projection_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)',
    );
    this.readCheckpoint = this.db.prepare(
      'SELECT position FROM projection_checkpoints WHERE name = ?',
    );
    this.writeCheckpoint = this.db.prepare(
      `INSERT INTO projection_checkpoints (name, position) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    );
  }

  checkpoint(name: string): number {
    return this.readCheckpoint.get(name)?.position ?? 0;
  }

  /** Runs `apply` and moves the checkpoint in one transaction: never lost, never applied twice. */
  commit(name: string, position: number, apply: () => void): void {
    this.db.transaction(() => {
      apply();
      this.writeCheckpoint.run(name, position);
    })();
  }

  close(): void {
    this.db.close();
  }
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Prepares a statement once per database: projections run the same few statements per event. */
export function cachedStatement(db: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map<string, Database.Statement>()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}
