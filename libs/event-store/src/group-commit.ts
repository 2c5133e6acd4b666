import {
  checkAppends,
  encodeAppends,
  PACED_FROM_EVENTS,
  type EncodedAppend,
} from './encoded-append';
import type { AppendResult, CommittedBatch, StreamAppend } from './event-store.port';

/** What one unit came to in its commit: its results, or its own refusal (the others unharmed). */
export type UnitOutcome = { ok: true; results: AppendResult[] } | { ok: false; error: unknown };

/**
 * What one commit writes: units encoded on arrival, written together; or one large unit (an
 * import) alone, which the adapter encodes and writes in steps that take turns with other
 * requests, so that if its encoding refuses it (an event too large) no other unit fails with it.
 */
export type Batch = { units: EncodedAppend[][] } | { large: StreamAppend[] };

/** How much one commit takes at most (default: no limit); a single unit over them goes alone. */
export interface BatchLimits {
  units?: number;
  events?: number;
  /** Characters of JSON in the events' data and metadata. */
  jsonLength?: number;
}

export interface GroupCommitOptions {
  /** Largest event accepted: bytes of the JSON of its data plus its metadata. */
  maxEventBytes: number;
  limits: BatchLimits;
  /**
   * Writes a batch in one transaction: each unit's outcome, in order. Throws when the whole
   * batch failed, nothing of it stored.
   */
  commit(batch: Batch): UnitOutcome[] | Promise<UnitOutcome[]>;
  /**
   * Whether a failure of a whole batch may come from one unit's data alone: each unit is then
   * committed on its own, so that only that one fails.
   */
  isolates?(error: unknown): boolean;
  /** Told of each commit once its units are settled (metrics, waking subscriptions). */
  committed(batch: CommittedBatch): void;
}

/** One caller's unit (an append, or an atomic multi-stream append) waiting for its commit. */
interface Waiting {
  /** Encoded on arrival; null for a large unit, left to the adapter (see Batch). */
  encoded: EncodedAppend[] | null;
  appends: StreamAppend[];
  events: number;
  /** Characters of JSON in its events (0 for a large unit, not yet encoded). */
  jsonLength: number;
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

/**
 * The group commit of the SQL adapters: appends are queued and written on the next turn of the
 * event loop, all that arrived meanwhile in one transaction (so one fsync), batch after batch
 * in arrival order. Each unit is checked alone by the adapter's commit and succeeds or fails
 * alone; callers hear back only once the commit returned. A unit is refused before it is queued
 * if it is malformed or an event is too large (see encodeAppends).
 */
export class GroupCommit {
  private queue: Waiting[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  private commits = 0;

  constructor(private readonly options: GroupCommitOptions) {}

  /** Transactions committed so far: shows group commit at work. */
  get commitCount(): number {
    return this.commits;
  }

  /** Resolves with one result per stream append, once committed; [] at once for no appends. */
  add(appends: StreamAppend[]): Promise<AppendResult[]> {
    // Anything thrown in the executor (closed store, bad or oversize event) becomes a rejection.
    return new Promise<AppendResult[]>((resolve, reject) => {
      if (this.closed) throw new Error('The event store is closed');
      if (appends.length === 0) return resolve([]);
      this.queue.push({ ...this.encode(appends), resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Refuses units from now on; resolves once those queued are committed or failed. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
  }

  /** A unit ready to queue: encoded now, unless it is large. */
  private encode(appends: StreamAppend[]): Omit<Waiting, 'resolve' | 'reject'> {
    const events = appends.reduce((count, append) => count + append.events.length, 0);
    if (events > PACED_FROM_EVENTS) {
      checkAppends(appends);
      return { encoded: null, appends, events, jsonLength: 0 };
    }
    const encoded = encodeAppends(appends, this.options.maxEventBytes);
    const jsonLength = encoded
      .flatMap((append) => append.events)
      .reduce((sum, event) => sum + event.data.length + event.metadata.length, 0);
    return { encoded, appends, events, jsonLength };
  }

  /** Commits the queue batch after batch, then stops; the next unit starts it again. */
  private async flush(): Promise<void> {
    try {
      // Appends made before the event loop comes round again join the first commit.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) {
        await this.commitBatch(this.queue.splice(0, batchLength(this.queue, this.options.limits)));
      }
    } finally {
      // In the same turn as finding the queue empty, so no unit is left waiting.
      this.flushing = null;
    }
  }

  private async commitBatch(batch: Waiting[]): Promise<void> {
    let outcomes: UnitOutcome[];
    try {
      outcomes = await this.options.commit(batchOf(batch));
    } catch (error) {
      if (batch.length > 1 && this.options.isolates?.(error)) {
        for (const waiting of batch) await this.commitBatch([waiting]);
        return;
      }
      // Connection lost, disk full...: every unit fails.
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    this.commits++;
    const stored = batch.filter((_, i) => outcomes[i].ok);
    batch.forEach((waiting, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) waiting.resolve(outcome.results);
      else waiting.reject(outcome.error);
    });
    this.options.committed({
      appends: stored.length,
      events: stored.reduce((sum, waiting) => sum + waiting.events, 0),
    });
  }
}

/**
 * How many units at the head of the queue the next commit takes: in arrival order, at least
 * one, a large one alone, and no more than the limits allow.
 */
export function batchLength(
  queue: readonly { encoded: unknown; events: number; jsonLength: number }[],
  limits: BatchLimits,
): number {
  const { units = Infinity, events: maxEvents = Infinity, jsonLength: maxJson = Infinity } = limits;
  let count = 0;
  let events = 0;
  let jsonLength = 0;
  for (const unit of queue) {
    const large = unit.encoded === null;
    events += unit.events;
    jsonLength += unit.jsonLength;
    const full = count >= units || events > maxEvents || jsonLength > maxJson;
    if (count > 0 && (full || large)) break;
    count++;
    if (large) break;
  }
  return count;
}

/** A large unit is always alone in its batch (see batchLength). */
function batchOf(batch: Waiting[]): Batch {
  const [first] = batch;
  return first.encoded === null
    ? { large: first.appends }
    : { units: batch.map((waiting) => waiting.encoded ?? []) };
}
