import Database from 'better-sqlite3';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'fs';
import { basename, dirname, join } from 'path';
import { setUpProjection, type Projection } from './projection';
import {
  ReadModelDatabase,
  type ProjectionLease,
  type ReadModelRebuild,
} from './read-model-database';
import { setUpCheckpoints, type ReadModelSql, type SqlValue } from './read-model-sql';

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

/** When a file `tracker rebuild` wrote beside `<stem>.sqlite` was built: `<stem>.<ms>.sqlite`. */
function builtAt(base: string, name: string): number | null {
  const stem = `${basename(base, '.sqlite')}.`;
  if (!name.startsWith(stem) || !name.endsWith('.sqlite')) return null;
  const millis = name.slice(stem.length, -'.sqlite'.length);
  return /^\d+$/.test(millis) ? Number(millis) : null;
}

/**
 * Removes the read-model files `published` replaces: the base file and those of earlier
 * rebuilds, with their WAL and shared-memory files; not one of a rebuild started since. A
 * server still on one keeps reading its open file until it swaps, within a second.
 */
export function removeSupersededFiles(base: string, published: string): void {
  const publishedAt = builtAt(base, basename(published)) ?? 0;
  const dir = dirname(base);
  for (const name of readdirSync(dir)) {
    const database = name.replace(/-(wal|shm)$/, '');
    const built = database === basename(base) ? 0 : builtAt(base, database);
    if (built !== null && built < publishedAt) unlinkSync(join(dir, name));
  }
}

/** Read models can always be rebuilt, so commits need not wait for fsync: WAL keeps them atomic. */
function openReadModelFile(filename: string): Database.Database {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Prepares a statement once per database: projections run the same few statements per event. */
function cachedStatement(db: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map<string, Database.Statement>()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/** better-sqlite3 answers at once; the promises only give both databases one shape. */
export class SqliteSql implements ReadModelSql {
  readonly dialect = 'sqlite' as const;

  constructor(readonly db: Database.Database) {}

  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return Promise.resolve(cachedStatement(this.db, sql).all(...params) as T[]);
  }

  get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return Promise.resolve(cachedStatement(this.db, sql).get(...params) as T | undefined);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return Promise.resolve(cachedStatement(this.db, sql).run(...params).changes);
  }

  exec(sql: string): Promise<void> {
    this.db.exec(sql);
    return Promise.resolve();
  }
}

/**
 * The embedded read models: one SQLite file under DATA_DIR, for one server process (which so
 * always holds every projection's lease).
 *
 * `tracker rebuild` builds a new file beside this one and points `<base>.current` at it; a
 * watching server then swaps to it without stopping: its projections pause, reopen on the new
 * file and carry on from the new checkpoints.
 */
export class SqliteReadModelDatabase extends ReadModelDatabase {
  private database: SqliteSql;
  private file: string;
  private watcher: NodeJS.Timeout | null = null;
  private swapping: Promise<void> | null = null;
  /** Transactions and reads queue here: the connection holds one transaction at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly base: string,
    file: string,
  ) {
    super();
    this.file = file;
    this.database = new SqliteSql(openReadModelFile(file));
  }

  /** Opens the read models `<base>.current` names (or `base`). */
  static async open(base: string): Promise<SqliteReadModelDatabase> {
    const database = new SqliteReadModelDatabase(base, activeReadModelFile(base));
    await setUpCheckpoints(database.sql);
    return database;
  }

  /**
   * Reads take their turn with the transactions: the connection is shared, and a read run while
   * a projection's transaction is open would see its checkpoint moved before its rows.
   */
  readonly sql: ReadModelSql = {
    dialect: 'sqlite',
    all: (sql, params) => this.inTurn(() => this.database.all(sql, params)),
    get: (sql, params) => this.inTurn(() => this.database.get(sql, params)),
    run: (sql, params) => this.inTurn(() => this.database.run(sql, params)),
    exec: (sql) => this.inTurn(() => this.database.exec(sql)),
  };

  get location(): string {
    return this.file;
  }

  transaction<T>(work: (tx: ReadModelSql) => Promise<T>): Promise<T> {
    return this.inTurn(async () => {
      const db = this.database;
      db.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(db);
        db.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.db.inTransaction) db.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /** Runs `work` once every transaction and read queued before it is done. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** One process: the lease is always there, and never lost (a fresh promise, let go with it). */
  lease(): Promise<ProjectionLease> {
    return Promise.resolve({
      lost: new Promise<void>(() => undefined),
      release: () => Promise.resolve(),
    });
  }

  async startRebuild(projections: readonly Projection[]): Promise<ReadModelRebuild> {
    const file = `${this.base.replace(/\.sqlite$/, '')}.${Date.now()}.sqlite`;
    const target = new SqliteReadModelDatabase(this.base, file);
    // The new file is read by nobody until it is published, whole, and a failed rebuild throws
    // it away: so no journal (a crash or a failed page leaves a file nobody will open) and no
    // fsync while it fills; a large cache for building the indexes at the end.
    target.database.db.pragma('journal_mode = OFF');
    target.database.db.pragma('synchronous = OFF');
    target.database.db.pragma('cache_size = -131072');
    await setUpCheckpoints(target.database);
    for (const projection of projections) await projection.setup(target.database);
    const source = this.file;
    return {
      target,
      name: file,
      copy: (copied) => Promise.resolve(copyReadModels(target.database.db, source, copied)),
      publish: async () => {
        await target.queue;
        // Written to disk once, and in WAL mode for the servers that will open it.
        target.database.db.pragma('journal_mode = WAL');
        await target.close();
        const fd = openSync(file, 'r+');
        try {
          fsyncSync(fd); // on disk before any server is pointed at it
        } finally {
          closeSync(fd);
        }
        pointReadModelsAt(this.base, file);
        removeSupersededFiles(this.base, file);
      },
      abandon: async () => {
        await target.close();
        unlinkSync(file);
      },
    };
  }

  /** Looks for a rebuilt file every second and swaps to it. */
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
    const running = this.registered.filter((runner) => runner.running);
    await Promise.all(running.map((runner) => runner.stop()));
    await this.queue;
    const old = this.database;
    this.database = new SqliteSql(openReadModelFile(next));
    this.file = next;
    old.db.close();
    this.forgetHeard();
    await setUpCheckpoints(this.database);
    for (const runner of this.registered) await runner.setup();
    for (const runner of running) runner.start();
  }

  async close(): Promise<void> {
    if (this.watcher) clearInterval(this.watcher);
    await this.queue;
    this.database.db.close();
  }
}

/** Copies read models as they stand (one read transaction: a consistent snapshot). */
function copyReadModels(
  target: Database.Database,
  source: string,
  projections: readonly Projection[],
): void {
  if (projections.length === 0) return;
  target.prepare('ATTACH DATABASE ? AS source').run(source);
  try {
    target.transaction(() => {
      for (const projection of projections) {
        for (const table of projection.tables) {
          target.exec(`INSERT INTO main.${table} SELECT * FROM source.${table}`);
        }
        target
          .prepare(
            'INSERT INTO main.projection_checkpoints SELECT * FROM source.projection_checkpoints WHERE name = ?',
          )
          .run(projection.name);
      }
    })();
  } finally {
    target.exec('DETACH DATABASE source');
  }
}

/** A throwaway in-memory read-model database, for replays. */
export async function inMemoryReadModel(projection: Projection): Promise<SqliteSql> {
  const sql = new SqliteSql(new Database(':memory:'));
  await setUpProjection(projection, sql);
  return sql;
}
