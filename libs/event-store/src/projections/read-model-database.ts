import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { basename, dirname, join } from 'path';
import type { Projection } from './projection';

/** A runner whose projection lives in this database, stopped and restarted around a swap. */
export interface SwappableRunner {
  readonly projection: Projection;
  readonly running: boolean;
  stop(): Promise<void>;
  start(): void;
  /** Creates the projection's tables in the database now in use. */
  setup(): void;
}

/** The file named by `<base>.current`, written by `tracker rebuild`; the base file otherwise. */
export function activeReadModelFile(base: string): string {
  const pointer = `${base}.current`;
  return existsSync(pointer) ? join(dirname(base), readFileSync(pointer, 'utf8').trim()) : base;
}

/** Points the read models at `file` (atomically: a process reads the old or the new name). */
export function pointReadModelsAt(base: string, file: string): void {
  const pointer = `${base}.current`;
  writeFileSync(`${pointer}.tmp`, basename(file));
  renameSync(`${pointer}.tmp`, pointer);
}

export function openReadModelFile(filename: string): Database.Database {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(
    'CREATE TABLE IF NOT EXISTS projection_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)',
  );
  return db;
}

/**
 * The SQL home of the read models (SQLite by default). Read models can always be rebuilt from
 * the events, so commits need not wait for fsync: WAL keeps each transaction atomic, and a
 * transaction lost in a crash is applied again from the checkpoint that was lost with it.
 *
 * `tracker rebuild` builds a new file beside this one and points `<base>.current` at it; a
 * watching server then swaps to it without stopping: its projections pause, reopen on the new
 * file and carry on from the new checkpoints.
 */
export class ReadModelDatabase {
  private database: Database.Database;
  private file: string;
  private readonly runners = new Set<SwappableRunner>();
  private watcher: NodeJS.Timeout | null = null;
  private swapping: Promise<void> | null = null;

  constructor(readonly base: string) {
    this.file = activeReadModelFile(base);
    this.database = openReadModelFile(this.file);
  }

  get db(): Database.Database {
    return this.database;
  }

  /** The file in use now. */
  get filename(): string {
    return this.file;
  }

  register(runner: SwappableRunner): void {
    this.runners.add(runner);
  }

  /** Every read model kept in this database, by the projections that build them. */
  get projections(): Projection[] {
    return [...this.runners].map((runner) => runner.projection);
  }

  checkpoint(name: string): number {
    const row = cachedStatement(
      this.db,
      'SELECT position FROM projection_checkpoints WHERE name = ?',
    ).get(name) as { position: number } | undefined;
    return row?.position ?? 0;
  }

  /** Runs `apply` and moves the checkpoint in one transaction: never lost, never applied twice. */
  commit(name: string, position: number, apply: () => void): void {
    this.db.transaction(() => {
      apply();
      cachedStatement(
        this.db,
        `INSERT INTO projection_checkpoints (name, position) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      ).run(name, position);
    })();
  }

  /** Looks for a rebuilt file every `intervalMs` and swaps to it. */
  watch(intervalMs = 1000): void {
    this.watcher ??= setInterval(() => void this.swapIfRebuilt(), intervalMs).unref();
  }

  /** Swaps to the file `<base>.current` names, if it changed. Safe to call at any time. */
  swapIfRebuilt(): Promise<void> {
    const next = activeReadModelFile(this.base);
    if (next === this.file || this.swapping) return this.swapping ?? Promise.resolve();
    this.swapping = this.swapTo(next).finally(() => (this.swapping = null));
    return this.swapping;
  }

  private async swapTo(next: string): Promise<void> {
    const running = [...this.runners].filter((runner) => runner.running);
    await Promise.all(running.map((runner) => runner.stop()));
    const old = this.database;
    this.database = openReadModelFile(next);
    this.file = next;
    old.close();
    for (const runner of this.runners) runner.setup();
    for (const runner of running) runner.start();
  }

  close(): void {
    if (this.watcher) clearInterval(this.watcher);
    this.database.close();
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
