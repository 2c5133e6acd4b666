import Database from 'better-sqlite3';
import { DomainError, ErrorCode, turnTaker } from '@app/kernel';
import { WrongExpectedVersionError } from '../errors';
import {
  expectedVersionHolds,
  type AppendResult,
  type EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SealRecord,
  StreamAppend,
} from '../event-store.port';
import { SealRecordFile } from '../seal-record';
import {
  EncodedAppend,
  type EncodedEvent,
  encodeAppendsPaced,
  encodeRecorded,
  type EncodedRecordedEvent,
} from '../encoded-append';
import { checkImportContinues, type EventImport } from '../event-import';
import type { Batch, UnitOutcome } from '../group-commit';
import { pageUpTo, type SubscriptionPage } from '../polling-subscription';
import { SqlEventStore, type SqlEventStoreOptions } from '../sql-event-store';
import {
  connectionPragmas,
  INSERT_SQL,
  SqliteWriterThread,
  STREAM_VERSION_SQL,
} from './sqlite-writer-thread';

export interface SqliteEventStoreOptions extends SqlEventStoreOptions {
  filename: string;
  /** How long a commit waits for another process holding the write lock (ms, default 5000). */
  busyTimeoutMs?: number;
}

interface EventRow {
  position: number;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

/** What a group commit writes with. */
interface WriteStatements {
  streamVersion: Database.Statement<[string], { version: number | null }>;
  insert: Database.Statement<[string, number, string, string, string, string, string]>;
}

const SCHEMA_VERSION = 1;
/** Most appends in one transaction, so one huge burst cannot hold the write lock for long. */
const MAX_BATCH = 1000;
/**
 * Events a paced unit hands its writer thread at a time: each step costs two round trips
 * between the threads, and copying its events to the thread holds the loop for a few ms.
 */
const STEP_EVENTS = 1000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    event_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (stream_id, version)
  );
  PRAGMA user_version = ${SCHEMA_VERSION};
`;

/**
 * Where an SQLite store keeps its seal record: beside the database file, as its own file, which
 * belongs to the store as much as the database does (copied, moved and removed with it).
 */
export const sealRecordFile = (filename: string): string => `${filename}.seals`;

/**
 * The embedded event store: one SQLite file in WAL mode with durable (fsync'd) commits.
 *
 * Group commit (see GroupCommit): all the appends that arrived in one turn of the event loop in
 * one transaction and so one fsync, each checked against its own expected version in a
 * savepoint, succeeding or failing alone. A large unit (an import) is written alone, on a
 * thread of its own (see writePaced). Subscriptions are woken by this instance's commits and
 * find other processes' by polling.
 */
export class SqliteEventStore extends SqlEventStore implements EventStore, EventImport {
  /** Imports write the positions given: the rowid is the position. */
  readonly importKeepsPositions = true;
  private readonly db: Database.Database;
  private readonly filename: string;
  private readonly busyTimeoutMs: number;
  /** The connection paced units write on, on a thread of its own, started on first use. */
  private writerThread: SqliteWriterThread | null = null;
  private readonly sealRecord: SealRecordFile;

  private readonly statements: WriteStatements & {
    insertRecorded: Database.Statement<
      [number, string, number, string, string, string, string, string]
    >;
    storedIds: Database.Statement<[string], { event_id: string }>;
    readStream: Database.Statement<[string, number, number], EventRow>;
    readAll: Database.Statement<[number, number, number], EventRow>;
    readAllPrefixed: Database.Statement<
      [number, number, string, string | Buffer, number],
      EventRow
    >;
    head: Database.Statement<[], { position: number | null }>;
    dataVersion: Database.Statement<[], number>;
  };
  /** The batch's transaction: BEGIN IMMEDIATE ... COMMIT around every queued append. */
  private readonly writeBatch: Database.Transaction<
    (units: EncodedAppend[][], recordedAt: string) => UnitOutcome[]
  >;
  /** A multi-event unit inside the batch, as a savepoint: its failure undoes its own rows. */
  private readonly writeOne: Database.Transaction<
    (unit: EncodedAppend[], recordedAt: string) => AppendResult[]
  >;
  private readonly writeRecorded: Database.Transaction<(events: EncodedRecordedEvent[]) => void>;

  constructor(options: SqliteEventStoreOptions) {
    super(options, { limits: { units: MAX_BATCH } });
    this.filename = options.filename;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.db = this.connect();
    this.sealRecord = new SealRecordFile(sealRecordFile(options.filename));
    try {
      this.migrate();
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.statements = this.prepareStatements();
    this.writeOne = this.db.transaction((unit: EncodedAppend[], recordedAt: string) =>
      unit.map((append) => this.write(append, recordedAt)),
    );
    this.writeBatch = this.db.transaction((units: EncodedAppend[][], recordedAt: string) =>
      units.map((unit) => this.tryWrite(unit, recordedAt)),
    );
    this.writeRecorded = this.db.transaction((events: EncodedRecordedEvent[]) =>
      this.insertRecorded(events),
    );
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { fromVersion = 1, maxCount = -1 } = options;
    return settle(() =>
      this.statements.readStream.all(streamId, fromVersion, maxCount).map(toRecorded),
    );
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { after = 0, maxCount = -1, streamPrefix } = options;
    return settle(() => this.readRange(after, Number.MAX_SAFE_INTEGER, maxCount, streamPrefix));
  }

  headPosition(): Promise<number> {
    return settle(() => this.head());
  }

  /** In a file beside the database (see sealRecordFile). */
  recordSeal(record: SealRecord): Promise<void> {
    if (this.closing) return Promise.reject(new Error('The event store is closed'));
    return this.sealRecord.append(record);
  }

  readSealRecord(): Promise<SealRecord[]> {
    return this.sealRecord.read();
  }

  /**
   * Writes the batch in one IMMEDIATE transaction, checked under the write lock. An explicit
   * rowid raises AUTOINCREMENT's counter to it, so later appends take positions above.
   */
  importRecorded(events: readonly RecordedEvent[]): Promise<void> {
    return settle(() => {
      if (this.closing) throw new Error('The event store is closed');
      const encoded = encodeRecorded(events, this.maxEventBytes);
      if (encoded.length === 0) return;
      this.writeRecorded.immediate(encoded);
      this.subscriptions.announce();
    });
  }

  /** SQLite's data_version: it moves with every commit of another connection to the file. */
  commitsElsewhere(): number {
    return this.statements.dataVersion.get() ?? 0;
  }

  /** Closes the writer thread and the file. */
  protected override async release(): Promise<void> {
    await this.writerThread?.close();
    this.db.close();
  }

  /** A connection to the file, durable, waiting out another process's write lock. */
  private connect(): Database.Database {
    const db = new Database(this.filename);
    try {
      for (const pragma of connectionPragmas(this.busyTimeoutMs)) db.pragma(pragma);
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * Small units on the main connection, in one IMMEDIATE transaction. IMMEDIATE takes the write
   * lock up front (waiting out another process's): a deferred transaction that read first could
   * not upgrade after another process committed.
   */
  protected override commitBatch(batch: Batch): UnitOutcome[] | Promise<UnitOutcome[]> {
    if ('large' in batch) {
      return this.writePaced(batch.large).then((results) => [{ ok: true, results }]);
    }
    return this.writeBatch.immediate(batch.units, new Date().toISOString());
  }

  /**
   * A large unit (an import of thousands of milestones) written in one transaction, so it
   * commits all or nothing and no reader sees part of it, but in steps, so other requests are
   * served meanwhile; written in one go, 49,000 events held the loop for about a second. The
   * main thread encodes each step's events, taking turns (see turnTaker); a connection on a
   * thread of its own (SqliteWriterThread) inserts them and commits, so neither the inserts nor
   * the COMMIT's fsync and WAL checkpoint hold the loop, and readers on the main connection
   * cannot see its rows before COMMIT. Other commits wait for it in the queue: on the main
   * connection they would wait for its write lock synchronously, holding the event loop.
   */
  private async writePaced(appends: StreamAppend[]): Promise<AppendResult[]> {
    if (this.closing) throw new Error('The event store is closed');
    this.writerThread ??= new SqliteWriterThread(
      this.filename,
      connectionPragmas(this.busyTimeoutMs),
    );
    const writer = this.writerThread;
    const recordedAt = new Date().toISOString();
    try {
      await writer.begin();
      const results: AppendResult[] = [];
      const pace = turnTaker();
      for (const step of steps(appends)) {
        results.push(...(await this.writeStep(writer, step, recordedAt, pace)));
      }
      await writer.commit();
      return results;
    } catch (error) {
      // A thread that cannot even roll back has stopped, and its transaction with it: the next
      // large unit starts another.
      await writer.rollback().catch(() => undefined);
      if (writer.stopped && this.writerThread === writer) this.writerThread = null;
      throw isConstraintError(error) ? eventIdTaken(appends) : error;
    }
  }

  /** Checks one step's appends against their streams, then has the thread insert them. */
  private async writeStep(
    writer: SqliteWriterThread,
    step: StreamAppend[],
    recordedAt: string,
    pace: () => Promise<void>,
  ): Promise<AppendResult[]> {
    const versions = await writer.versions(step.map((append) => append.streamId));
    step.forEach(({ streamId, expectedVersion }, i) => {
      if (!expectedVersionHolds(expectedVersion, versions[i])) {
        throw new WrongExpectedVersionError(streamId, expectedVersion, versions[i]);
      }
    });
    const encoded = await encodeAppendsPaced(step, this.maxEventBytes, pace);
    const pieces = encoded.map(({ streamId, events }, i) => ({
      streamId,
      after: versions[i],
      events,
    }));
    const positions = await writer.insert(pieces, recordedAt);
    return pieces.map(({ after, events }, i) => ({
      version: after + events.length,
      position: positions[i],
      recordedAt,
    }));
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `The event store schema is version ${version}; this build knows only up to ${SCHEMA_VERSION}`,
      );
    }
    // IMMEDIATE: two processes opening a new file at once create the schema one after the other.
    if (version < SCHEMA_VERSION) this.db.transaction(() => this.db.exec(SCHEMA)).immediate();
  }

  private prepareStatements(): SqliteEventStore['statements'] {
    // In the global reads `+stream_id` keeps SQLite on the position order: a page then costs the
    // rows it walks past, where ordering the prefix's whole range by position costs all of it.
    const prefixed = 'AND +stream_id >= ? AND +stream_id < ?';
    const range = 'position > ? AND position <= ?';
    return {
      ...this.writeStatements(this.db),
      insertRecorded: this.db.prepare(
        `INSERT INTO events (position, stream_id, version, event_id, type, data, metadata,
           recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      storedIds: this.db.prepare(
        'SELECT event_id FROM events WHERE event_id IN (SELECT value FROM json_each(?))',
      ),
      readStream: this.db.prepare(
        'SELECT * FROM events WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?',
      ),
      readAll: this.db.prepare(`SELECT * FROM events WHERE ${range} ORDER BY position LIMIT ?`),
      readAllPrefixed: this.db.prepare(
        `SELECT * FROM events WHERE ${range} ${prefixed} ORDER BY position LIMIT ?`,
      ),
      head: this.db.prepare('SELECT max(position) AS position FROM events'),
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
  }

  private writeStatements(db: Database.Database): WriteStatements {
    return { streamVersion: db.prepare(STREAM_VERSION_SQL), insert: db.prepare(INSERT_SQL) };
  }

  private head(): number {
    return this.statements.head.get()?.position ?? 0;
  }

  /** Events with `after < position <= upTo`, in global order, optionally of a stream prefix. */
  private readRange(
    after: number,
    upTo: number,
    maxCount: number,
    streamPrefix?: string,
  ): RecordedEvent[] {
    const rows = streamPrefix
      ? this.statements.readAllPrefixed.all(
          after,
          upTo,
          streamPrefix,
          prefixEnd(streamPrefix),
          maxCount,
        )
      : this.statements.readAll.all(after, upTo, maxCount);
    return rows.map(toRecorded);
  }

  /** A subscription's next page (see pageUpTo): one writer at a time hands out positions. */
  protected override readPage(
    after: number,
    batchSize: number,
    streamPrefix?: string,
  ): SubscriptionPage {
    const head = this.head();
    return pageUpTo(head, this.readRange(after, head, batchSize, streamPrefix), batchSize);
  }

  private insertRecorded(events: EncodedRecordedEvent[]): void {
    const storedIds = this.statements.storedIds
      .all(JSON.stringify(events.map((event) => event.eventId)))
      .map((row) => row.event_id);
    checkImportContinues(events, {
      head: this.head(),
      versionOf: (streamId) => this.statements.streamVersion.get(streamId)?.version ?? 0,
      storedIds: new Set(storedIds),
    });
    for (const event of events) {
      this.statements.insertRecorded.run(
        event.position,
        event.streamId,
        event.version,
        event.eventId,
        event.type,
        event.data,
        event.metadata,
        event.recordedAt,
      );
    }
  }

  /** Writes one unit; a failure of its own (version, reused event id) spares the batch. */
  private tryWrite(unit: EncodedAppend[], recordedAt: string): UnitOutcome {
    try {
      // One INSERT is atomic by itself; the savepoint only undoes a longer unit's first rows.
      const results =
        unit.length === 1 && unit[0].events.length === 1
          ? [this.write(unit[0], recordedAt)]
          : this.writeOne(unit, recordedAt);
      return { ok: true, results };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return { ok: false, error };
      // Versions are checked first under the write lock: a unique violation is a reused event id.
      if (isConstraintError(error)) {
        return { ok: false, error: eventIdTaken(unit) };
      }
      throw error; // disk full, I/O error...: the whole batch fails
    }
  }

  /** Checks one append against its stream, seeing earlier appends of the same batch. */
  private write(append: EncodedAppend, recordedAt: string): AppendResult {
    const { streamId, events, expectedVersion } = append;
    const actual = versionBefore(this.statements, streamId, expectedVersion);
    let position = 0;
    events.forEach((event, index) => {
      position = insertEvent(this.statements, streamId, actual + index + 1, event, recordedAt);
    });
    return { version: actual + events.length, position, recordedAt };
  }
}

/** A large unit's appends in steps of about STEP_EVENTS events (whole appends, at least one). */
function* steps(appends: StreamAppend[]): Generator<StreamAppend[]> {
  let step: StreamAppend[] = [];
  let events = 0;
  for (const append of appends) {
    step.push(append);
    events += append.events.length;
    if (events >= STEP_EVENTS) {
      yield step;
      step = [];
      events = 0;
    }
  }
  if (step.length > 0) yield step;
}

/** The stream's version, once it holds the expected version (else WrongExpectedVersionError). */
function versionBefore(
  statements: WriteStatements,
  streamId: string,
  expectedVersion: ExpectedVersion,
): number {
  const actual = statements.streamVersion.get(streamId)?.version ?? 0;
  if (!expectedVersionHolds(expectedVersion, actual)) {
    throw new WrongExpectedVersionError(streamId, expectedVersion, actual);
  }
  return actual;
}

/** Inserts one event at the version given; its position. */
function insertEvent(
  statements: WriteStatements,
  streamId: string,
  version: number,
  event: EncodedEvent,
  recordedAt: string,
): number {
  const { eventId, type, data, metadata } = event;
  const inserted = statements.insert.run(
    streamId,
    version,
    eventId,
    type,
    data,
    metadata,
    recordedAt,
  );
  return Number(inserted.lastInsertRowid);
}

/**
 * By its code, not `instanceof Database.SqliteError`: the native addon keeps the error class of
 * the first copy of the module loaded in the process (jest loads one per test file).
 */
/** The same typed refusal every adapter gives for an event id already stored or repeated. */
function eventIdTaken(appends: { events: { eventId?: string }[] }[]): DomainError {
  const eventIds = appends.flatMap((append) =>
    append.events.flatMap((event) => event.eventId ?? []),
  );
  return new DomainError(ErrorCode.ALREADY_EXISTS, 'An event id is already stored or repeated', {
    eventIds,
  });
}

function isConstraintError(error: unknown): boolean {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

/**
 * The least string above every string that starts with `prefix`: the prefix with its last
 * code point raised by one. SQLite compares text as UTF-8 bytes, which orders by code point.
 */
function prefixEnd(prefix: string): string | Buffer {
  const codePoints = [...prefix].map((char) => char.codePointAt(0) ?? 0);
  while (codePoints.length > 0) {
    const last = (codePoints.pop() ?? 0) + 1;
    if (last <= 0x10ffff) {
      // Surrogates are not characters: the one after U+D7FF is U+E000.
      return String.fromCodePoint(...codePoints, last === 0xd800 ? 0xe000 : last);
    }
  }
  // A prefix of U+10FFFF only has no text above it; SQLite sorts any blob above all text.
  return Buffer.from([0xff]);
}

/** Runs synchronous SQLite work as a promise, so its errors reach the caller as rejections. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(work()));
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    version: row.version,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    recordedAt: row.recorded_at,
  };
}
