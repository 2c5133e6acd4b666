import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'crypto';
import {
  EVENT_STORE,
  NO_STREAM,
  WrongExpectedVersionError,
  type EventStore,
  type RecordedEvent,
} from '@app/event-store';
import { SYSTEM_ACTOR, type EventMetadata } from '@app/kernel';
import { integrityOf } from './integrity';
import {
  HeadsFold,
  SEAL_EVENT,
  SEAL_STREAM,
  sealOf,
  type AuditTrailSealed,
  type SealedHead,
} from './seal';

/** A seal as `tracker seal` reports it, for publishing outside the store. */
export interface SealReport {
  /** The seal event's hash: what to publish. */
  hash: string;
  /** The seal event's own global position. */
  position: number;
  /** Every event up to this position is covered. */
  sealedUpTo: number;
  /** The seal's number (its version in the seal stream). */
  number: number;
  /** Streams whose heads changed since the previous seal, and streams in all. */
  streamsChanged: number;
  streamCount: number;
}

export interface SealOutcome {
  /** False when there was nothing new to seal: `seal` is then the last one (or null). */
  created: boolean;
  seal: SealReport | null;
}

/** What the sealer knows of the last seal and the heads it covered. */
interface SealerState {
  heads: Map<string, SealedHead>;
  sealedUpTo: number;
  last: SealReport | null;
}

const PAGE = 1000;
const MAX_ATTEMPTS = 5;
/** Most bytes of changed heads in one seal, well below the adapters' event size limit. */
const MAX_SEAL_BYTES = 256 * 1024;
/** A changed head's bytes in a seal, but its stream id: version, position, hash, recordedAt. */
const HEAD_ENTRY_BYTES = 160;

/**
 * Writes seals: an AuditTrailSealed event recording, at a global position, the head of every
 * stream that changed since the previous seal and a digest of all heads, chained to the previous
 * seal. Appended through the tamper-evident store, so the seal stream is a chain like any other,
 * and then added to the store's seal record (EventStore.recordSeal), kept apart from the events,
 * so that removing the newest seals shows.
 *
 * The heads come from the previous seals and the events stored since the last one, so a seal
 * costs the events since the last seal, not the whole store. When many streams changed, the
 * events get several seals, each within a size budget. Seals from another process (the
 * CLI beside the server) are noticed by the seal stream's expected version and the heads read
 * again.
 */
@Injectable()
export class AuditSealer {
  private state: SealerState | null = null;
  private running: Promise<SealOutcome> | null = null;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * Reads the seals, if not done yet: the tamper-evident store then knows the newest seal,
   * which the events it appends name.
   */
  async prime(): Promise<void> {
    this.state ??= await this.load();
  }

  /** Seals the store if anything was stored since the last seal; one seal at a time. */
  seal(reason = 'Periodic seal of the audit trail'): Promise<SealOutcome> {
    this.running ??= this.sealOnce(reason).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sealOnce(reason: string): Promise<SealOutcome> {
    for (let attempt = 1; ; attempt++) {
      let state = this.state ?? (await this.load());
      this.state = state;
      const head = await this.store.headPosition();
      if (head <= (state.last?.position ?? 0)) return { created: false, seal: state.last };
      try {
        let fold = new HeadsFold(state.heads);
        let foldedUpTo = state.sealedUpTo;
        let size = 0;
        for await (const event of this.eventsBetween(state.sealedUpTo, head)) {
          if (!fold.changed.has(event.streamId)) {
            // A seal lists each changed head: past a budget, the events so far get a seal of
            // their own, so that no seal outgrows what the store accepts in one event.
            const entry = Buffer.byteLength(JSON.stringify(event.streamId)) + HEAD_ENTRY_BYTES;
            if (size + entry > MAX_SEAL_BYTES && fold.changed.size > 0) {
              state = await this.append(state, fold, foldedUpTo, reason);
              fold = new HeadsFold(state.heads);
              size = 0;
            }
            size += entry;
          }
          fold.apply(event);
          foldedUpTo = event.position;
        }
        state = await this.append(state, fold, head, reason);
        return { created: true, seal: state.last };
      } catch (error) {
        // Another process sealed first: start again from its seal.
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
        this.state = null;
      }
    }
  }

  /** Appends the seal of `fold` at `position`; remembers it as the last seal. */
  private async append(
    state: SealerState,
    fold: HeadsFold,
    position: number,
    reason: string,
  ): Promise<SealerState> {
    const data = fold.sealAt(position, state.last?.hash ?? null);
    const result = await this.store.append(
      SEAL_STREAM,
      [{ type: SEAL_EVENT, data: { ...data }, metadata: sealMetadata(reason) }],
      state.last ? state.last.number : NO_STREAM,
    );
    const [stored] = await this.store.readStream(SEAL_STREAM, {
      fromVersion: result.version,
      maxCount: 1,
    });
    const last = reportOf(stored, data);
    // Recorded once stored, so the record never names a seal the store lacks; a seal stored
    // but not recorded (the process died in between) is still chained to by the next one.
    await this.store.recordSeal?.({
      version: last.number,
      hash: last.hash,
      position: last.position,
    });
    this.state = { heads: fold.heads, sealedUpTo: position, last };
    return this.state;
  }

  /** The heads as of the last seal, folded from every seal's changed heads. */
  private async load(): Promise<SealerState> {
    const heads = new Map<string, SealedHead>();
    let last: SealReport | null = null;
    let sealedUpTo = 0;
    for (let from = 1; ;) {
      const page = await this.store.readStream(SEAL_STREAM, { fromVersion: from, maxCount: PAGE });
      for (const event of page) {
        const seal = sealOf(event);
        if (!seal) {
          throw new Error(
            `Seal ${event.version} (position ${event.position}) is not a valid seal: run tracker verify`,
          );
        }
        for (const sealed of seal.streams) heads.set(sealed.streamId, sealed);
        last = reportOf(event, seal);
        sealedUpTo = seal.position;
      }
      if (page.length < PAGE) return { heads, sealedUpTo, last };
      from = page[page.length - 1].version + 1;
    }
  }

  /** Events with `after < position <= upTo`, page by page. */
  private async *eventsBetween(after: number, upTo: number): AsyncGenerator<RecordedEvent> {
    for (let from = after; from < upTo;) {
      const page = await this.store.readAll({ after: from, maxCount: PAGE });
      for (const event of page) {
        if (event.position > upTo) return;
        yield event;
      }
      if (page.length < PAGE) return;
      from = page[page.length - 1].position;
      await new Promise((resolve) => setImmediate(resolve)); // let the server serve meanwhile
    }
  }
}

function reportOf(event: RecordedEvent, seal: AuditTrailSealed): SealReport {
  const integrity = integrityOf(event);
  if (integrity === null || integrity === 'malformed') {
    throw new Error(`Seal ${event.version} has no valid integrity block: run tracker verify`);
  }
  return {
    hash: integrity.hash,
    position: event.position,
    sealedUpTo: seal.position,
    number: event.version,
    streamsChanged: seal.streams.length,
    streamCount: seal.streamCount,
  };
}

function sealMetadata(reason: string): Record<string, unknown> {
  const id = randomUUID();
  const metadata: EventMetadata = {
    actor: SYSTEM_ACTOR,
    occurredAt: new Date().toISOString(),
    reason,
    evidence: [],
    commandId: `seal:${id}`,
    correlationId: `seal:${id}`,
    causationId: null,
  };
  return { ...metadata };
}
