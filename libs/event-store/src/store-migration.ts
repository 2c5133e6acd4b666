import { isDeepStrictEqual } from 'util';
import { DomainError, ErrorCode } from '@app/kernel';
import type { EventImport } from './event-import';
import type { EventStore, RecordedEvent } from './event-store.port';

export interface StoreMigrationOptions {
  source: EventStore;
  target: EventStore & EventImport;
  /** Most events read, compared or written at once (default 1000). */
  batchSize?: number;
  /** Most events copied by this run (default: all); the next run goes on from there. */
  maxEvents?: number;
  onProgress?: (progress: StoreMigrationProgress) => void;
}

export interface StoreMigrationProgress {
  /** Checking the events already in the target, then copying the rest. */
  phase: 'checking' | 'copying';
  /** Events found in the target, equal to the source's first ones. */
  alreadyCopied: number;
  /** Events copied by this run. */
  copied: number;
  /** The source position the target holds every event up to. */
  position: number;
  /** The source's head when the migration started: what it copies up to. */
  head: number;
}

export interface StoreMigrationReport extends Omit<StoreMigrationProgress, 'phase'> {
  /** The target holds every event of the source up to `head`. */
  complete: boolean;
}

/** The target holds events that are not the start of the source's global order. */
export class TargetNotPrefixError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(
      ErrorCode.VERSION_CONFLICT,
      `The target store holds events that are not the source's first ones: ${message}`,
      details,
    );
  }
}

const DEFAULT_BATCH_SIZE = 1000;
/** Most JSON in one import batch, so one transaction stays far below the databases' limits. */
const MAX_BATCH_JSON_LENGTH = 16 * 1024 * 1024;

/**
 * Copies every event of `source`, up to its head at the start, into `target`, in global order
 * and as recorded (see EventImport). Resumable: the events the target holds must equal the
 * source's first ones, field by field (positions too where the target keeps them), and the
 * copy goes on after them; a target holding anything else is refused with TargetNotPrefixError
 * before anything is written. Each batch is imported all or none (EventStoreDB: a prefix of
 * it), so an interrupted run leaves a prefix that the next run recognises and continues.
 */
export async function migrateStore(options: StoreMigrationOptions): Promise<StoreMigrationReport> {
  const { source, target, batchSize = DEFAULT_BATCH_SIZE, maxEvents, onProgress } = options;
  const progress: StoreMigrationProgress = {
    phase: 'checking',
    alreadyCopied: 0,
    copied: 0,
    position: 0,
    head: await source.headPosition(),
  };
  await checkTarget(source, target, batchSize, progress, onProgress);
  progress.phase = 'copying';
  let remaining = maxEvents ?? Number.POSITIVE_INFINITY;
  let readUpTo = progress.position;
  // The next page is read while the target commits the last batch; batches commit in order.
  let importing: Promise<void> = Promise.resolve();
  const imported = (batch: RecordedEvent[]): void => {
    progress.copied += batch.length;
    progress.position = batch[batch.length - 1].position;
    onProgress?.(progress);
  };
  while (remaining > 0 && readUpTo < progress.head) {
    const maxCount = Math.min(batchSize, remaining);
    const page = await source.readAll({ after: readUpTo, maxCount });
    // Events appended to the source meanwhile are left for the next run.
    const due = page.filter((event) => event.position <= progress.head);
    for (const batch of byJsonLength(due)) {
      await importing;
      importing = target.importRecorded(batch).then(() => imported(batch));
      // Its failure is awaited (and thrown) at the next batch or the end, not lost meanwhile.
      importing.catch(() => undefined);
    }
    remaining -= due.length;
    if (due.length > 0) readUpTo = due[due.length - 1].position;
    if (due.length < maxCount) break;
  }
  await importing;
  const { phase: _phase, ...report } = progress;
  // Also true when events up to the head were removed from the source since it was read.
  const rest = await source.readAll({ after: progress.position, maxCount: 1 });
  return { ...report, complete: !(rest.length > 0 && rest[0].position <= progress.head) };
}

/**
 * Compares the target's events with the source's first ones, page by page, and moves
 * `progress.position` past those found equal. Only reads.
 */
async function checkTarget(
  source: EventStore,
  target: EventStore & EventImport,
  batchSize: number,
  progress: StoreMigrationProgress,
  onProgress: StoreMigrationOptions['onProgress'],
): Promise<void> {
  for (let targetAfter = 0; ;) {
    const copies = await target.readAll({ after: targetAfter, maxCount: batchSize });
    if (copies.length === 0) return;
    const originals = await source.readAll({ after: progress.position, maxCount: copies.length });
    copies.forEach((copy, i) => {
      const original = originals[i] as RecordedEvent | undefined;
      const found = `the target's event ${progress.alreadyCopied + i + 1} (${copy.streamId} version ${copy.version}, position ${copy.position})`;
      if (!original) {
        throw new TargetNotPrefixError(`${found} is beyond the source's last event`, {
          eventId: copy.eventId,
        });
      }
      const differs = differingField(original, copy, target.importKeepsPositions);
      if (differs) {
        throw new TargetNotPrefixError(
          `${found} differs in its ${differs} from the source's (${original.streamId} version ${original.version}, position ${original.position})`,
          { eventId: copy.eventId, field: differs },
        );
      }
    });
    progress.alreadyCopied += copies.length;
    progress.position = originals[originals.length - 1].position;
    targetAfter = copies[copies.length - 1].position;
    onProgress?.(progress);
    if (copies.length < batchSize) return;
  }
}

const FIELDS = [
  'eventId',
  'streamId',
  'version',
  'position',
  'type',
  'recordedAt',
  'data',
  'metadata',
] as const;

/** The first field in which a copy differs from its original; null when it is the same. */
function differingField(
  original: RecordedEvent,
  copy: RecordedEvent,
  comparePositions: boolean,
): string | null {
  for (const field of FIELDS) {
    if (field === 'position' && !comparePositions) continue;
    if (!isDeepStrictEqual(original[field], copy[field])) return field;
  }
  return null;
}

/** Splits a page into import batches of at most MAX_BATCH_JSON_LENGTH characters of JSON. */
function byJsonLength(events: RecordedEvent[]): RecordedEvent[][] {
  const batches: RecordedEvent[][] = [];
  let batch: RecordedEvent[] = [];
  let length = 0;
  for (const event of events) {
    const size = JSON.stringify(event.data).length + JSON.stringify(event.metadata).length;
    if (batch.length > 0 && length + size > MAX_BATCH_JSON_LENGTH) {
      batches.push(batch);
      batch = [];
      length = 0;
    }
    batch.push(event);
    length += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
