import { createHash, randomUUID } from 'crypto';
import type { NewEvent, RecordedEvent } from '@app/event-store';
import { canonicalJson } from '@app/kernel';

/** The metadata key that holds an event's integrity block. */
export const INTEGRITY = 'integrity';

/**
 * Written into each event's metadata by the tamper-evident store. The hash covers the event as
 * stored (stream id, version, event id, type, data and metadata with this block, but its
 * `hash`), chained to the stream's previous event; only the global position and `recordedAt`,
 * which the store assigns at commit, are outside it (see `previousRecordedAt` and the seals).
 */
export interface Integrity {
  /** sha256 (hex) of `previousHash + "\n" + canonicalJson(hashed document)`. */
  hash: string;
  /** The hash of the stream's previous event; for its first event, the stream's genesis hash. */
  previousHash: string;
  /** When the tamper-evident store chained the event, just before the store committed it. */
  chainedAt: string;
  /**
   * The `recordedAt` of the stream's previous event when that one was committed before this
   * append; null for a stream's first event and for an append's later events, which share
   * their commit (and so their `recordedAt`) with the event before them.
   */
  previousRecordedAt: string | null;
  /**
   * The newest seal the writer knew of (its version in the seal stream and hash), if any: so
   * removing seals shows even where no seal is left to tell.
   */
  lastSeal?: SealReference | null;
}

export interface SealReference {
  version: number;
  hash: string;
}

/** The last event of a stream as the chain sees it: what the next event links to. */
export interface ChainHead {
  /** The stream's version (0 when it has no events). */
  version: number;
  /** The head event's hash; the genesis hash for an empty stream. */
  hash: string;
  /** The head event's `recordedAt` (null for an empty stream). */
  recordedAt: string | null;
}

/** The parts of a stored event the hash covers. */
export type HashedEvent = Pick<
  RecordedEvent,
  'streamId' | 'version' | 'eventId' | 'type' | 'data' | 'metadata'
>;

const GENESIS_DOMAIN = 'reform-tracker tamper evidence v1 genesis';
const HASH = /^[0-9a-f]{64}$/;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Where a stream's chain starts: from its id, so moving a stream's events under another id shows. */
export const genesisHash = (streamId: string): string => sha256(`${GENESIS_DOMAIN}\n${streamId}`);

export const emptyHead = (streamId: string): ChainHead => ({
  version: 0,
  hash: genesisHash(streamId),
  recordedAt: null,
});

/**
 * The hash of an event chained to `previousHash`. For an event with an integrity block, the
 * block (all of it but `hash`) is part of what is hashed; for one without (written before tamper
 * evidence existed) its metadata as stored is.
 */
export function eventHash(previousHash: string, event: HashedEvent): string {
  const { [INTEGRITY]: block, ...metadata } = event.metadata;
  if (block !== undefined) {
    const { hash: _hash, ...chained } = isRecord(block) ? block : { value: block };
    metadata[INTEGRITY] = chained;
  }
  const document = {
    streamId: event.streamId,
    version: event.version,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata,
  };
  return sha256(`${previousHash}\n${canonicalJson(document)}`);
}

/** The event's integrity block, null when it has none, 'malformed' when it is not one. */
export function integrityOf(
  event: Pick<RecordedEvent, 'metadata'>,
): Integrity | null | 'malformed' {
  const block = event.metadata[INTEGRITY];
  if (block === undefined) return null;
  if (!isRecord(block)) return 'malformed';
  const { hash, previousHash, chainedAt, previousRecordedAt, lastSeal } = block;
  if (
    typeof hash !== 'string' ||
    !HASH.test(hash) ||
    typeof previousHash !== 'string' ||
    typeof chainedAt !== 'string' ||
    !(previousRecordedAt === null || typeof previousRecordedAt === 'string') ||
    !(lastSeal === undefined || lastSeal === null || isSealReference(lastSeal))
  ) {
    return 'malformed';
  }
  return { hash, previousHash, chainedAt, previousRecordedAt, lastSeal: lastSeal ?? null };
}

const isSealReference = (value: unknown): value is SealReference =>
  isRecord(value) &&
  typeof value.version === 'number' &&
  Number.isSafeInteger(value.version) &&
  value.version > 0 &&
  typeof value.hash === 'string';

/**
 * The hash a stored event stands for in its stream's chain: its own integrity hash, or for an
 * event without one, the hash recomputed over it chained to `previousHash`.
 */
export function chainHashOf(event: HashedEvent, previousHash: string): string {
  const integrity = integrityOf(event);
  return integrity === null || integrity === 'malformed'
    ? eventHash(previousHash, event)
    : integrity.hash;
}

/** The head of a stream from all of its events, read in version order. */
export function headOfStream(streamId: string, events: readonly RecordedEvent[]): ChainHead {
  let head = emptyHead(streamId);
  for (const event of events) {
    head = {
      version: event.version,
      hash: chainHashOf(event, head.hash),
      recordedAt: event.recordedAt,
    };
  }
  return head;
}

/**
 * Chains new events onto a stream's head: gives each an id (the hash covers it, so the store
 * may not choose it) and an integrity block. Returns the events to store and the new head's
 * hash; the new head's `recordedAt` is the commit's, known only once the store answers.
 */
export function chainEvents(
  streamId: string,
  head: ChainHead,
  events: readonly NewEvent[],
  chainedAt: string,
  lastSeal: SealReference | null = null,
): { events: NewEvent[]; hash: string } {
  let previousHash = head.hash;
  const chained = events.map((event, index): NewEvent => {
    const eventId = event.eventId ?? randomUUID();
    const block: Omit<Integrity, 'hash'> = {
      previousHash,
      chainedAt,
      previousRecordedAt: index === 0 ? head.recordedAt : null,
      lastSeal,
    };
    // What eventHash computes for the stored event, built once (appends are the hot path).
    const metadata: Record<string, unknown> = { ...event.metadata, [INTEGRITY]: block };
    const document = {
      streamId,
      version: head.version + index + 1,
      eventId,
      type: event.type,
      data: event.data,
      metadata,
    };
    const hash = sha256(`${previousHash}\n${canonicalJson(document)}`);
    metadata[INTEGRITY] = { hash, ...block };
    previousHash = hash;
    return { eventId, type: event.type, data: event.data, metadata };
  });
  return { events: chained, hash: previousHash };
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
