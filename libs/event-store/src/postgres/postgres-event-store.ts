import { EventEmitter } from 'events';
import { turnTaker } from '@app/kernel';
import { DatabaseError, Pool } from 'pg';
import { committedBatch } from '../event-store.port';
import type {
  CommitObserver,
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SealRecord,
  StreamAppend,
  SubscribeOptions,
} from '../event-store.port';
import { sealRecordOf } from '../seal-record';
import { CommitListener } from './commit-listener';
import { migrate, storeTables, type StoreTables } from './migrations';
import { writeAppendBatch, type AppendUnit, type UnitOutcome } from './postgres-append-batch';
import {
  checkAppends,
  encodeAppends,
  encodeAppendsPaced,
  encodeRecorded,
  PACED_FROM_EVENTS,
} from '../encoded-append';
import type { EventImport } from '../event-import';
import { writeImportBatch } from './postgres-import-batch';
import { PollingSubscription, type SubscriptionPage } from '../polling-subscription';
import { inLockedTransaction } from './transaction';

export interface PostgresEventStoreOptions {
  /** e.g. postgresql://user@host:5432/database */
  connectionString: string;
  /** Schema of the store's tables, created if missing (default 'public'). */
  schema?: string;
  /** Most connections of the pool (default 10): one commits a batch, the others read. */
  poolSize?: number;
  /** Largest event accepted: bytes of the JSON of its data plus its metadata (default 1 MiB). */
  maxEventBytes?: number;
  /** How often a caught-up subscription looks for news it may not have been told of (ms). */
  pollIntervalMs?: number;
  /** Told of every commit of appends (the server's metrics). */
  onCommit?: CommitObserver;
}

/** One caller's unit in the queue: an append, or an atomic multi-stream append. */
interface PendingUnit {
  /**
   * The unit encoded: on arrival, or for a large one (an import) when its turn comes, taking
   * turns with other requests. A large unit is committed alone, so if its encoding refuses it
   * (an event too large), no other unit fails with it.
   */
  encoded(pace: () => Promise<void>): Promise<AppendUnit>;
  large: boolean;
  events: number;
  /** Characters of JSON in its events (0 for a large unit, not yet encoded). */
  jsonLength: number;
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

interface EventRow {
  position: string;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recorded_at: Date;
}

/**
 * Without statistics the planner takes a range of positions for a sliver of the table and
 * sorts every later row for each page of a catch-up read (a quarter of the indexed rate, until
 * autovacuum comes round). A bulk load (an import) leaves it so; an analysis fixes it.
 */
const ANALYSE_EVERY_IMPORTED = 100_000;
const ANALYSE_AT_OPEN_FROM_ROWS = 10_000;

async function analyseIfNeverAnalysed(pool: Pool, tables: StoreTables): Promise<void> {
  const { rows } = await pool.query<{ rows: string; analysed: boolean }>(
    `SELECT n_live_tup AS rows, (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL) AS analysed
     FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'events'`,
    [tables.schema],
  );
  const [table] = rows;
  if (table && !table.analysed && Number(table.rows) >= ANALYSE_AT_OPEN_FROM_ROWS) {
    await pool.query(`ANALYZE ${tables.events}`);
  }
}

/** Most events in one transaction, so one huge burst cannot hold the append lock for long. */
const MAX_BATCH_EVENTS = 10_000;
/** Most JSON in one transaction: its query stays far below V8's and PostgreSQL's size limits. */
const MAX_BATCH_JSON_LENGTH = 32 * 1024 * 1024;
const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
const COLUMNS = 'position, stream_id, version, event_id, type, data, metadata, recorded_at';

/**
 * The server-grade event store: one table in a PostgreSQL schema, durable commits.
 *
 * Group commit: appends are queued and written on the next turn of the event loop, all that
 * arrived meanwhile in one transaction by one connection (see postgres-append-batch.ts for
 * how each is checked alone and why positions are never read out of order). Callers hear
 * back only after COMMIT returned. Other processes may append to the same schema: the
 * append lock orders their transactions with this one's. A large unit (an import) is committed
 * alone, encoded and written in steps that take turns with other requests.
 *
 * An append of no events is refused (the promise rejects with a plain Error): it has no
 * position to report and is a caller's mistake.
 */
export class PostgresEventStore implements EventStore, EventImport {
  /** Imports write the positions given, under the append lock (see postgres-import-batch.ts). */
  readonly importKeepsPositions = true;
  private readonly maxEventBytes: number;
  private readonly onCommit?: CommitObserver;
  private readonly pollIntervalMs: number;
  /** Emits 'commit' after each commit of this instance or notified by another. */
  private readonly commits = new EventEmitter();
  private readonly listener: CommitListener;
  private readonly subscriptions = new Set<PollingSubscription>();
  private queue: PendingUnit[] = [];
  private flushing: Promise<void> | null = null;
  private closing: Promise<void> | null = null;
  private committedBatches = 0;
  /** Events imported since the table was last analysed by this instance. */
  private importedSinceAnalyse = 0;

  private constructor(
    private readonly pool: Pool,
    private readonly tables: StoreTables,
    options: PostgresEventStoreOptions,
  ) {
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.onCommit = options.onCommit;
    this.commits.setMaxListeners(0);
    this.listener = new CommitListener(options.connectionString, tables.channel, this.commits);
  }

  /** Connects and brings the schema up to date (safe from several processes at once). */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const tables = storeTables(options.schema ?? 'public');
    const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize });
    // An idle connection lost (server restart...) is replaced on the next query; without a
    // listener its 'error' event would crash the process.
    pool.on('error', () => undefined);
    try {
      await migrate(pool, tables);
      await analyseIfNeverAnalysed(pool, tables);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresEventStore(pool, tables, options);
  }

  /** Transactions committed by appends since this instance opened: shows group commit at work. */
  get commitCount(): number {
    return this.committedBatches;
  }

  append(
    streamId: string,
    events: NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    return this.enqueue([{ streamId, events, expectedVersion }]).then(([result]) => result);
  }

  /** Queued as one unit, so it is decided and written as one within a batch, in queue order. */
  appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    return this.enqueue(appends);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { fromVersion = 1, maxCount = null } = options;
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.tables.events}
       WHERE stream_id = $1 AND version >= $2 ORDER BY version LIMIT $3`,
      [streamId, fromVersion, maxCount],
    );
    return rows.map(toRecorded);
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { after = 0, maxCount, streamPrefix } = options;
    return this.readRange(after, Number.MAX_SAFE_INTEGER, maxCount, streamPrefix);
  }

  subscribeAll(options: SubscribeOptions = {}): EventSubscription {
    const { after = 0, batchSize = 500, streamPrefix } = options;
    const subscription = new PollingSubscription(after, {
      readPage: (from) => this.readPage(from, Math.max(1, batchSize), streamPrefix),
      commits: this.commits,
      pollIntervalMs: this.pollIntervalMs,
      closed: (closed) => this.subscriptions.delete(closed),
    });
    if (this.closing) void subscription.close();
    else this.subscriptions.add(subscription);
    return subscription;
  }

  /** Every position up to the head is committed, and no later commit can take one below it. */
  async headPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ head: string }>(
      `SELECT coalesce(max(position), 0) AS head FROM ${this.tables.events}`,
    );
    return Number(rows[0].head);
  }

  /** One transaction under the append lock, so appends queue behind it as behind a batch. */
  async importRecorded(events: readonly RecordedEvent[]): Promise<void> {
    if (this.closing) throw new Error('The event store is closed');
    const encoded = encodeRecorded(events, this.maxEventBytes);
    if (encoded.length === 0) return;
    await inLockedTransaction(this.pool, this.tables.appendLockKey, (client) =>
      writeImportBatch(client, this.tables, encoded),
    );
    this.commits.emit('commit');
    this.importedSinceAnalyse += encoded.length;
    if (this.importedSinceAnalyse >= ANALYSE_EVERY_IMPORTED) {
      this.importedSinceAnalyse = 0;
      await this.pool.query(`ANALYZE ${this.tables.events}`);
    }
  }

  /** In a table of its own that refuses changes (see the migration "seal record"). */
  async recordSeal(record: SealRecord): Promise<void> {
    if (this.closing) throw new Error('The event store is closed');
    const { version, hash, position } = sealRecordOf(record, 'The seal to record');
    await this.pool.query(
      `INSERT INTO ${this.tables.sealRecord} (version, hash, position) VALUES ($1, $2, $3)`,
      [version, hash, position],
    );
  }

  async readSealRecord(): Promise<SealRecord[]> {
    const { rows } = await this.pool.query<{ version: number; hash: string; position: string }>(
      `SELECT version, hash, position FROM ${this.tables.sealRecord} ORDER BY entry`,
    );
    return rows.map((row) => ({ ...row, position: Number(row.position) }));
  }

  /** Ends the subscriptions, commits what is queued, then disconnects. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.flushing;
    await this.listener.close();
    await this.pool.end();
  }

  private enqueue(appends: StreamAppend[]): Promise<AppendResult[]> {
    // Anything thrown in the executor (closed store, bad or oversize event) becomes a rejection.
    return new Promise<AppendResult[]>((resolve, reject) => {
      if (this.closing) throw new Error('The event store is closed');
      if (appends.length === 0) return resolve([]);
      this.queue.push({ ...this.pending(appends), resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** A unit ready to queue: encoded now, unless it is large (see PendingUnit). */
  private pending(appends: StreamAppend[]): Omit<PendingUnit, 'resolve' | 'reject'> {
    const events = appends.reduce((count, append) => count + append.events.length, 0);
    if (events > PACED_FROM_EVENTS) {
      checkAppends(appends);
      const encoded = (pace: () => Promise<void>) =>
        encodeAppendsPaced(appends, this.maxEventBytes, pace);
      return { encoded, large: true, events, jsonLength: 0 };
    }
    const unit = encodeAppends(appends, this.maxEventBytes);
    const jsonLength = unit
      .flatMap((append) => append.events)
      .reduce((sum, e) => sum + e.data.length + e.metadata.length, 0);
    return { encoded: () => Promise.resolve(unit), large: false, events, jsonLength };
  }

  /** Events with `after < position <= upTo`, in global order, optionally of a stream prefix. */
  private async readRange(
    after: number,
    upTo: number,
    maxCount: number | undefined,
    streamPrefix: string | undefined,
  ): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.tables.events}
       WHERE position > $1 AND position <= $2 AND ($3::text IS NULL OR starts_with(stream_id, $3))
       ORDER BY position LIMIT $4`,
      [after, upTo, streamPrefix ?? null, maxCount ?? null],
    );
    return rows.map(toRecorded);
  }

  /**
   * A subscription's next page. Reading up to a head taken first lets a short page vouch for
   * every position up to that head, so a subscription to a rare prefix moves on past the other
   * streams' events instead of scanning them again at every wake-up.
   */
  private async readPage(
    after: number,
    batchSize: number,
    streamPrefix?: string,
  ): Promise<SubscriptionPage> {
    // Not listening only costs promptness: polling still finds every commit.
    await this.listener.listening().catch(() => undefined);
    const head = await this.headPosition();
    const events = await this.readRange(after, head, batchSize, streamPrefix);
    const full = events.length === batchSize;
    return full
      ? { events, scannedTo: events[events.length - 1].position, atHead: false }
      : { events, scannedTo: head, atHead: true };
  }

  /** Commits the queue batch after batch, then stops; the next append starts it again. */
  private async flush(): Promise<void> {
    try {
      // Appends made before the event loop comes round again join the first commit.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) await this.commitBatch(this.takeBatch());
    } finally {
      // In the same turn as finding the queue empty, so no append is left waiting.
      this.flushing = null;
    }
  }

  /** The next units in arrival order, within the batch limits (at least one; a large one alone). */
  private takeBatch(): PendingUnit[] {
    let count = 0;
    let events = 0;
    let jsonLength = 0;
    for (const pending of this.queue) {
      events += pending.events;
      jsonLength += pending.jsonLength;
      const full = events > MAX_BATCH_EVENTS || jsonLength > MAX_BATCH_JSON_LENGTH;
      if (count > 0 && (full || pending.large)) break;
      count++;
      if (pending.large) break;
    }
    return this.queue.splice(0, count);
  }

  private async commitBatch(batch: PendingUnit[]): Promise<void> {
    const pace = turnTaker();
    let outcomes: UnitOutcome[];
    const units: AppendUnit[] = [];
    try {
      // Encoded before the append lock is taken, so other processes' appends need not wait.
      for (const pending of batch) units.push(await pending.encoded(pace));
      outcomes = await inLockedTransaction(this.pool, this.tables.appendLockKey, (client) =>
        writeAppendBatch(client, this.tables, units, pace),
      );
    } catch (error) {
      if (batch.length > 1 && isRefusalOfData(error)) {
        // One unit's data failed the whole transaction (U+0000 in a stream id, an id too long
        // for its index...): committing each unit alone fails only that one.
        for (const pending of batch) await this.commitBatch([pending]);
        return;
      }
      // Connection lost, server down...: every unit fails. One lost during COMMIT may still
      // have been stored; a retry with the same event ids is then refused, not stored twice.
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.committedBatches++;
    this.onCommit?.(committedBatch(units.filter((_, i) => outcomes[i].ok)));
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) pending.resolve(outcome.results);
      else pending.reject(outcome.error);
    });
    this.commits.emit('commit');
  }
}

/** Data exceptions, integrity violations, program limits: errors of a statement's values. */
function isRefusalOfData(error: unknown): boolean {
  return error instanceof DatabaseError && /^(22|23|54)/.test(error.code ?? '');
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    version: row.version,
    position: Number(row.position),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at.toISOString(),
  };
}
