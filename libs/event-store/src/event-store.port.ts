/**
 * The event store port (docs/ARCHITECTURE.md, "Stores"). Adapters: sqlite (the embedded
 * default), postgres and eventstoredb. Every adapter must pass the contract suites in ./testing.
 */
import type { RecordedEvent } from '@app/kernel';

// Declared in the kernel, so that the pure domains fold stored events without the store.
export type { RecordedEvent };

/** Expected version of a stream before an append. A number is the exact count of events. */
export type ExpectedVersion = 'no_stream' | 'any' | 'exists' | number;
export const NO_STREAM = 'no_stream' as const;
export const ANY = 'any' as const;
export const STREAM_EXISTS = 'exists' as const;

/** Whether a stream at version `actual` (0 when absent) satisfies an expected version. */
export function expectedVersionHolds(expected: ExpectedVersion, actual: number): boolean {
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

export interface NewEvent {
  /** Unique id of the event; generated if absent. */
  eventId?: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface AppendResult {
  /** The stream's version after the append (count of its events). */
  version: number;
  /** Global position of the last appended event. */
  position: number;
  recordedAt: string;
}

/** One stream's part of an atomic multi-stream append. */
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expectedVersion: ExpectedVersion;
}

export interface ReadStreamOptions {
  /** Read events whose version is >= this (default 1). */
  fromVersion?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events strictly after this global position (default: from the start). */
  after?: number;
  /** Most events returned (default: all of them). */
  maxCount?: number;
  /** Only streams whose id starts with this prefix (e.g. "recommendation-"). */
  streamPrefix?: string;
}

export interface SubscribeOptions extends ReadAllOptions {
  /** Most events handed over in one batch (default 500). */
  batchSize?: number;
}

/** An entry of a store's seal record: a seal of the audit trail as it was written. */
export interface SealRecord {
  /** The seal's version in its stream. */
  version: number;
  /** The seal event's hash. */
  hash: string;
  /** The seal event's global position. */
  position: number;
}

/**
 * Catch-up-then-live subscription to the global order: yields batches of events after the
 * given position, first those already stored, then new ones as they are committed.
 */
export interface EventSubscription extends AsyncIterable<RecordedEvent[]> {
  close(): Promise<void>;
}

export interface EventStore {
  /**
   * Appends the events to the stream, all or none, if the stream is at `expectedVersion`
   * (else rejects with WrongExpectedVersionError). Resolves once they are durable. An empty
   * `events` is refused (rejects with an Error); an event too large, with EventTooLargeError.
   */
  append(
    streamId: string,
    events: NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult>;
  /**
   * Appends to several streams at once, all or none: each is checked against its own expected
   * version and a mismatch rejects with WrongExpectedVersionError, writing nothing to any
   * stream. Resolves once durable with one result per append, in order (positions rise in
   * that order). The appends are refused (rejecting with an Error) if one has no events or
   * two name the same stream; an empty list resolves to [] and writes nothing.
   */
  appendMany(appends: StreamAppend[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeAll(options?: SubscribeOptions): EventSubscription;
  /** Global position of the last committed event (0 when empty). */
  headPosition(): Promise<number>;
  /**
   * A number that moves whenever another connection (another process, or another instance in
   * this one) may have committed since it was last read; this instance's own commits need not
   * move it. Cheap, with no read of the events. Left out by adapters that cannot tell.
   */
  commitsElsewhere?(): number;
  /**
   * Adds an entry to the store's seal record, once durable: append-only and kept apart from
   * the events (a file beside an SQLite store, a PostgreSQL table that refuses changes), so
   * that removing events, the seals among them, does not remove it. Left out by adapters that
   * keep none (EventStoreDB), with readSealRecord.
   */
  recordSeal?(record: SealRecord): Promise<void>;
  /** The seal record's entries, oldest first ([] when none were recorded). */
  readSealRecord?(): Promise<SealRecord[]>;
  close(): Promise<void>;
}

/** Injection token for the configured adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** One group commit as stored: the appends it took together and their events (for metrics). */
export interface CommittedBatch {
  appends: number;
  events: number;
}

/** Told of each commit of appends, once stored; must not throw. */
export type CommitObserver = (batch: CommittedBatch) => void;
