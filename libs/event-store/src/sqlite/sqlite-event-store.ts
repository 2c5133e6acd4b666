import Database from 'better-sqlite3';
import { randomUUID } from 'crypto';
import { EventEmitter } from 'events';
import { EventTooLargeError, WrongExpectedVersionError } from '../errors';
import type {
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store.port';

export interface SqliteEventStoreOptions {
  filename: string;
  /** How often a caught-up subscription looks for events written by other processes. */
  pollIntervalMs?: number;
  /** Largest event accepted (JSON of data and metadata). */
  maxEventBytes?: number;
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

interface PendingAppend {
  streamId: string;
  events: { eventId: string; type: string; data: string; metadata: string }[];
  expectedVersion: ExpectedVersion;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

const SCHEMA_VERSION = 1;
const MAX_BATCH = 1000;

/**
 * The embedded event store: one SQLite file in WAL mode with durable (fsync'd) commits.
 * Appends arriving together share one transaction and so one fsync (group commit); each is
 * still checked against its own expected version and succeeds or fails alone.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly committed = new EventEmitter();
  private readonly pollIntervalMs: number;
  private readonly maxEventBytes: number;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly subscriptions = new Set<EventSubscription>();
  /** One append inside the batch's transaction; a savepoint, so its failure undoes only itself. */
  private readonly writeOne: (
    pending: PendingAppend,
    recordedAt: string,
  ) => AppendResult | WrongExpectedVersionError;
  /** Transactions committed by appends: shows group commit at work. */
  commitCount = 0;

  private readonly statements: {
    streamVersion: Database.Statement<[string], { version: number | null }>;
    insert: Database.Statement;
    readStream: Database.Statement<[string, number, number], EventRow>;
    readAll: Database.Statement<[number, number], EventRow>;
    readAllPrefixed: Database.Statement<[number, string, string, number], EventRow>;
    head: Database.Statement<[], { position: number | null }>;
  };

  constructor(options: SqliteEventStoreOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.maxEventBytes = options.maxEventBytes ?? 1024 * 1024;
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.committed.setMaxListeners(0);
    this.statements = {
      streamVersion: this.db.prepare(
        'SELECT max(version) AS version FROM events WHERE stream_id = ?',
      ),
      insert: this.db.prepare(
        `INSERT INTO events (stream_id, version, event_id, type, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      readStream: this.db.prepare(
        'SELECT * FROM events WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?',
      ),
      readAll: this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      readAllPrefixed: this.db.prepare(
        `SELECT * FROM events WHERE position > ? AND stream_id >= ? AND stream_id < ?
         ORDER BY position LIMIT ?`,
      ),
      head: this.db.prepare('SELECT max(position) AS position FROM events'),
    };
    this.writeOne = this.db.transaction((pending: PendingAppend, recordedAt: string) =>
      this.write(pending, recordedAt),
    );
  }

  append(
    streamId: string,
    events: NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('The event store is closed'));
    if (events.length === 0) return Promise.reject(new Error('An append needs at least one event'));
    const encoded: PendingAppend['events'] = [];
    for (const event of events) {
      const data = JSON.stringify(event.data);
      const metadata = JSON.stringify(event.metadata);
      const size = Buffer.byteLength(data) + Buffer.byteLength(metadata);
      if (size > this.maxEventBytes)
        return Promise.reject(new EventTooLargeError(streamId, size, this.maxEventBytes));
      encoded.push({ eventId: event.eventId ?? randomUUID(), type: event.type, data, metadata });
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events: encoded, expectedVersion, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // Appends arriving while this turn of the event loop ends join the same commit.
        setImmediate(() => this.flush());
      }
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = this.statements.readStream.all(
      streamId,
      options.fromVersion ?? 1,
      options.maxCount ?? -1,
    );
    return Promise.resolve(rows.map(toRecorded));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return Promise.resolve(this.readAllNow(options));
  }

  subscribeAll(options: SubscribeOptions = {}): EventSubscription {
    const subscription = this.createSubscription(options);
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    return Promise.resolve(this.statements.head.get()?.position ?? 0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.flush();
    this.closed = true;
    this.db.close();
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version >= SCHEMA_VERSION) return;
    this.db.exec(`
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
      CREATE INDEX IF NOT EXISTS events_by_stream_position ON events (stream_id, position);
      PRAGMA user_version = ${SCHEMA_VERSION};
    `);
  }

  private readAllNow({
    after = 0,
    maxCount = 1000,
    streamPrefix,
  }: ReadAllOptions): RecordedEvent[] {
    const rows = streamPrefix
      ? this.statements.readAllPrefixed.all(after, streamPrefix, `${streamPrefix}\uffff`, maxCount)
      : this.statements.readAll.all(after, maxCount);
    return rows.map(toRecorded);
  }

  /** Writes every queued append in as few transactions as possible. */
  private flush(): void {
    this.flushScheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      const recordedAt = new Date().toISOString();
      const outcomes: (() => void)[] = [];
      try {
        this.db.transaction(() => {
          for (const pending of batch) outcomes.push(this.settleLater(pending, recordedAt));
        })();
        this.commitCount++;
      } catch (error) {
        for (const pending of batch) pending.reject(error);
        continue;
      }
      // Callers hear back only after COMMIT returned: their events are on disk.
      for (const settle of outcomes) settle();
      this.committed.emit('commit');
    }
  }

  private settleLater(pending: PendingAppend, recordedAt: string): () => void {
    try {
      const outcome = this.writeOne(pending, recordedAt);
      return outcome instanceof WrongExpectedVersionError
        ? () => pending.reject(outcome)
        : () => pending.resolve(outcome);
    } catch (error) {
      // A constraint broken by this append alone (a reused event id) fails only this append.
      return () => pending.reject(error);
    }
  }

  /** Checks one append against its stream, seeing earlier appends of the same batch. */
  private write(
    pending: PendingAppend,
    recordedAt: string,
  ): AppendResult | WrongExpectedVersionError {
    const actual = this.statements.streamVersion.get(pending.streamId)?.version ?? 0;
    if (!expectedVersionHolds(pending.expectedVersion, actual)) {
      return new WrongExpectedVersionError(pending.streamId, pending.expectedVersion, actual);
    }
    let position = 0;
    pending.events.forEach((event, index) => {
      const info = this.statements.insert.run(
        pending.streamId,
        actual + index + 1,
        event.eventId,
        event.type,
        event.data,
        event.metadata,
        recordedAt,
      );
      position = Number(info.lastInsertRowid);
    });
    return { version: actual + pending.events.length, position, recordedAt };
  }

  private createSubscription(options: SubscribeOptions): EventSubscription {
    let after = options.after ?? 0;
    let open = true;
    let wake: (() => void) | null = null;
    const batchSize = options.batchSize ?? 500;
    const onCommit = (): void => wake?.();
    this.committed.on('commit', onCommit);
    const waitForNews = (): Promise<void> =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.pollIntervalMs);
        function done(): void {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    const close = async (): Promise<void> => {
      open = false;
      this.committed.off('commit', onCommit);
      this.subscriptions.delete(subscription);
      wake?.();
      return Promise.resolve();
    };
    const next = async (): Promise<IteratorResult<RecordedEvent[]>> => {
      while (open) {
        const batch = this.readAllNow({
          after,
          maxCount: batchSize,
          streamPrefix: options.streamPrefix,
        });
        if (batch.length > 0) {
          after = batch[batch.length - 1].position;
          return { value: batch, done: false };
        }
        await waitForNews();
      }
      return { value: undefined, done: true };
    };
    const subscription: EventSubscription = {
      close,
      [Symbol.asyncIterator]: () => ({
        next,
        return: async () => {
          await close();
          return { value: undefined, done: true };
        },
      }),
    };
    return subscription;
  }
}

function expectedVersionHolds(expected: ExpectedVersion, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 0;
    case 'exists':
      return actual > 0;
    default:
      return expected === actual;
  }
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
