import { createHash } from 'crypto';
import type { RecordedEvent } from '@app/event-store';
import { canonicalJson } from '@app/kernel';
import { chainHashOf, genesisHash, isRecord } from './integrity';

/** The stream of seals; appended through the tamper-evident store, so it is chained too. */
export const SEAL_STREAM = 'audit-seals';
export const SEAL_EVENT = 'AuditTrailSealed';

/** A stream's last event at a seal's position. */
export interface SealedHead {
  streamId: string;
  version: number;
  /** Global position of the head event. */
  position: number;
  /** The head event's chain hash (its integrity hash, or recomputed for an event without one). */
  hash: string;
  recordedAt: string;
}

/** The data of an AuditTrailSealed event. */
export interface AuditTrailSealed {
  /** Every event at or below this global position is covered; none above it. */
  position: number;
  /** The heads of the streams that changed since the previous seal, sorted by stream id. */
  streams: SealedHead[];
  /** How many streams had events at `position`. */
  streamCount: number;
  /** sha256 over the heads of all those streams (see `headsDigest`). */
  headsDigest: string;
  /** The previous seal event's hash, null for the first seal. */
  previousSeal: string | null;
}

/** sha256 over one line per head, sorted by stream id: the canonical JSON of its fields. */
export function headsDigest(heads: Iterable<SealedHead>): string {
  const sorted = [...heads].sort((a, b) => compareIds(a.streamId, b.streamId));
  const hash = createHash('sha256');
  for (const head of sorted) {
    hash.update(
      `${canonicalJson([head.streamId, head.version, head.position, head.hash, head.recordedAt])}\n`,
    );
  }
  return hash.digest('hex');
}

export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The seal an event holds, or null when its data is not one. */
export function sealOf(event: Pick<RecordedEvent, 'type' | 'data'>): AuditTrailSealed | null {
  if (event.type !== SEAL_EVENT) return null;
  const { position, streams, streamCount, headsDigest: digest, previousSeal } = event.data;
  if (
    !isCount(position) ||
    !Array.isArray(streams) ||
    !isCount(streamCount) ||
    typeof digest !== 'string' ||
    !(previousSeal === null || typeof previousSeal === 'string')
  ) {
    return null;
  }
  const heads: SealedHead[] = [];
  for (const entry of streams as unknown[]) {
    if (!isRecord(entry)) return null;
    const { streamId, version, position: at, hash, recordedAt } = entry;
    if (
      typeof streamId !== 'string' ||
      !isCount(version) ||
      !isCount(at) ||
      typeof hash !== 'string' ||
      typeof recordedAt !== 'string'
    ) {
      return null;
    }
    heads.push({ streamId, version, position: at, hash, recordedAt });
  }
  return { position, streams: heads, streamCount, headsDigest: digest, previousSeal };
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Stream heads folded from events read in global order (the sealer's view of the store). */
export class HeadsFold {
  readonly heads: Map<string, SealedHead>;
  readonly changed = new Set<string>();

  constructor(heads: ReadonlyMap<string, SealedHead> = new Map()) {
    this.heads = new Map(heads);
  }

  apply(event: RecordedEvent): void {
    const previous = this.heads.get(event.streamId);
    this.heads.set(event.streamId, {
      streamId: event.streamId,
      version: event.version,
      position: event.position,
      hash: chainHashOf(event, previous?.hash ?? genesisHash(event.streamId)),
      recordedAt: event.recordedAt,
    });
    this.changed.add(event.streamId);
  }

  /** The seal of the heads folded so far, at `position`. */
  sealAt(position: number, previousSeal: string | null): AuditTrailSealed {
    return {
      position,
      streams: [...this.changed]
        .sort(compareIds)
        .map((streamId) => this.heads.get(streamId) as SealedHead),
      streamCount: this.heads.size,
      headsDigest: headsDigest(this.heads.values()),
      previousSeal,
    };
  }
}
