import { Worker } from 'worker_threads';
import type { EncodedEvent } from '../encoded-append';

/** How every connection to the store's file is set up, on either thread. */
export function connectionPragmas(busyTimeoutMs: number): string[] {
  // The CLI may write to the same file while the server runs: wait for its lock, not fail.
  return [`busy_timeout = ${busyTimeoutMs}`, 'journal_mode = WAL', 'synchronous = FULL'];
}

export const STREAM_VERSION_SQL = 'SELECT max(version) AS version FROM events WHERE stream_id = ?';
export const INSERT_SQL = `INSERT INTO events (stream_id, version, event_id, type, data, metadata,
  recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** Events of one stream to insert at the versions after `after`. */
export interface Piece {
  streamId: string;
  after: number;
  events: EncodedEvent[];
}

/**
 * The thread's side: one connection, and the steps of a transaction, each answered in the
 * order asked with its value or its error's message and code.
 */
const WRITER = `
const { parentPort, workerData } = require('worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const streamVersion = db.prepare(workerData.streamVersionSql);
const insert = db.prepare(workerData.insertSql);
const steps = {
  begin: () => db.exec('BEGIN IMMEDIATE'),
  versions: (streamIds) => streamIds.map((id) => streamVersion.get(id).version ?? 0),
  insert: ({ pieces, recordedAt }) =>
    pieces.map(({ streamId, after, events }) => {
      let position = 0;
      for (const [i, e] of events.entries()) {
        const row = [streamId, after + i + 1, e.eventId, e.type, e.data, e.metadata, recordedAt];
        position = Number(insert.run(...row).lastInsertRowid);
      }
      return position;
    }),
  commit: () => db.exec('COMMIT'),
  rollback: () => db.inTransaction && db.exec('ROLLBACK'),
  close: () => db.close(),
};
parentPort.on('message', ({ step, arg }) => {
  try {
    parentPort.postMessage({ value: steps[step](arg) });
  } catch (error) {
    parentPort.postMessage({ error: { message: error.message, code: error.code } });
  }
});
`;

type Step = 'begin' | 'versions' | 'insert' | 'commit' | 'rollback' | 'close';
interface Reply {
  value?: unknown;
  error?: { message: string; code?: string };
}

/**
 * A connection to the store's file on a thread of its own, for large units (imports). Their
 * inserts, the COMMIT's fsync and the WAL checkpoint after it (together hundreds of ms for an
 * import, and synchronous in better-sqlite3) run there, so the main thread serves other
 * requests meanwhile. Errors come back with SQLite's code (SQLITE_CONSTRAINT_UNIQUE...).
 */
export class SqliteWriterThread {
  private readonly worker: Worker;
  private readonly waiting: { resolve(value: unknown): void; reject(error: Error): void }[] = [];
  private failure: Error | null = null;

  constructor(filename: string, pragmas: string[]) {
    this.worker = new Worker(WRITER, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        filename,
        pragmas,
        streamVersionSql: STREAM_VERSION_SQL,
        insertSql: INSERT_SQL,
      },
    });
    // Referenced only while a step is asked: an idle writer does not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.answer(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', () => this.fail(new Error('The event store writer thread stopped')));
  }

  /** The thread could not start, or stopped: it answers no more steps. */
  get stopped(): boolean {
    return this.failure !== null;
  }

  begin(): Promise<void> {
    return this.step('begin');
  }

  /** Each stream's current version (0 for a new one), as this transaction sees it. */
  versions(streamIds: string[]): Promise<number[]> {
    return this.step('versions', streamIds);
  }

  /** Inserts the pieces; each one's last position. */
  insert(pieces: Piece[], recordedAt: string): Promise<number[]> {
    return this.step('insert', { pieces, recordedAt });
  }

  /** Durable once resolved: the connection commits with synchronous = FULL. */
  commit(): Promise<void> {
    return this.step('commit');
  }

  rollback(): Promise<void> {
    return this.step('rollback');
  }

  async close(): Promise<void> {
    await this.step('close').catch(() => undefined);
    await this.worker.terminate();
  }

  private step<T>(step: Step, arg?: unknown): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      if (this.waiting.length === 0) this.worker.ref();
      this.waiting.push({ resolve, reject });
      this.worker.postMessage({ step, arg });
    });
  }

  private answer({ value, error }: Reply): void {
    const waiter = this.waiting.shift();
    if (this.waiting.length === 0) this.worker.unref();
    if (error) waiter?.reject(Object.assign(new Error(error.message), { code: error.code }));
    else waiter?.resolve(value);
  }

  /** The thread could not start, or stopped: every step asked or to come fails. */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }
}
