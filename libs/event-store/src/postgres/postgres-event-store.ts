import { turnTaker } from '@app/kernel';
import { DatabaseError, Pool } from 'pg';
import type {
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SealRecord,
} from '../event-store.port';
import { sealRecordOf } from '../seal-record';
import { CommitListener } from './commit-listener';
import { migrate, storeTables, type StoreTables } from './migrations';
import { writeAppendBatch } from './postgres-append-batch';
import { encodeAppendsPaced, encodeRecorded } from '../encoded-append';
import type { EventImport } from '../event-import';
import type { Batch, UnitOutcome } from '../group-commit';
import { writeImportBatch } from './postgres-import-batch';
import { pageUpTo, type SubscriptionPage } from '../polling-subscription';
import { SqlEventStore, type SqlEventStoreOptions } from '../sql-event-store';
import { inLockedTransaction } from './transaction';

export interface PostgresEventStoreOptions extends SqlEventStoreOptions {
  /** e.g. postgresql://user@host:5432/database */
  connectionString: string;
  /** Schema of the store's tables, created if missing (default 'public'). */
  schema?: string;
  /** Most connections of the pool (default 10): one commits a batch, the others read. */
  poolSize?: number;
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
const COLUMNS = 'position, stream_id, version, event_id, type, data, metadata, recorded_at';

/**
 * The server-grade event store: one table in a PostgreSQL schema, durable commits.
 *
 * Group commit (see GroupCommit): all the appends that arrived in one turn of the event loop in
 * one transaction by one connection (see postgres-append-batch.ts for how each is checked alone
 * and why positions are never read out of order). Other processes may append to the same
 * schema: the append lock orders their transactions with this one's. A large unit (an import)
 * is committed alone, encoded and written in steps that take turns with other requests.
 * Subscriptions are woken by commits of this instance and, notified, of others (see
 * CommitListener); polling finds any notification lost.
 */
export class PostgresEventStore extends SqlEventStore implements EventStore, EventImport {
  /** Imports write the positions given, under the append lock (see postgres-import-batch.ts). */
  readonly importKeepsPositions = true;
  private readonly listener: CommitListener;
  /** Events imported since the table was last analysed by this instance. */
  private importedSinceAnalyse = 0;

  private constructor(
    private readonly pool: Pool,
    private readonly tables: StoreTables,
    options: PostgresEventStoreOptions,
  ) {
    super(options, {
      limits: { events: MAX_BATCH_EVENTS, jsonLength: MAX_BATCH_JSON_LENGTH },
      isolates: isRefusalOfData,
    });
    this.listener = new CommitListener(
      options.connectionString,
      tables.channel,
      this.subscriptions.commits,
    );
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
    this.subscriptions.announce();
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

  /** Disconnects. */
  protected override async release(): Promise<void> {
    await this.listener.close();
    await this.pool.end();
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

  /** A subscription's next page (see pageUpTo): the append lock hands out positions in order. */
  protected override async readPage(
    after: number,
    batchSize: number,
    streamPrefix?: string,
  ): Promise<SubscriptionPage> {
    // Not listening only costs promptness: polling still finds every commit.
    await this.listener.listening().catch(() => undefined);
    const head = await this.headPosition();
    return pageUpTo(head, await this.readRange(after, head, batchSize, streamPrefix), batchSize);
  }

  /**
   * One transaction under the append lock. A connection lost during COMMIT may still have
   * stored the batch; a retry with the same event ids is then refused, not stored twice.
   */
  protected override async commitBatch(batch: Batch): Promise<UnitOutcome[]> {
    const pace = turnTaker();
    // Encoded before the append lock is taken, so other processes' appends need not wait.
    const units =
      'large' in batch
        ? [await encodeAppendsPaced(batch.large, this.maxEventBytes, pace)]
        : batch.units;
    return inLockedTransaction(this.pool, this.tables.appendLockKey, (client) =>
      writeAppendBatch(client, this.tables, units, pace),
    );
  }
}

/**
 * Data exceptions, integrity violations, program limits: errors of a statement's values. One
 * unit's data can so fail a whole batch (U+0000 in a stream id, an id too long for its index).
 */
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
