import type { RecordedEvent, SealRecord } from '@app/event-store';
import { emptyHead, eventHash, integrityOf, type Integrity } from './integrity';
import { headsDigest, SEAL_EVENT, SEAL_STREAM, sealOf, type SealedHead } from './seal';

export type AuditProblemKind =
  | 'ALTERED'
  | 'REMOVED'
  | 'INSERTED'
  | 'REORDERED'
  | 'STREAM_REMOVED'
  | 'TRUNCATED'
  | 'UNCHAINED'
  | 'SEAL_MISMATCH';

export interface AuditProblem {
  kind: AuditProblemKind;
  streamId: string;
  /** Global position of the event concerned (null when no one event is). */
  position: number | null;
  /** Version in its stream of the event concerned (null when no one event is). */
  version: number | null;
  message: string;
}

export interface AuditVerification {
  /** True when every event is intact, chained or covered by a seal, and every seal holds. */
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  sealsChecked: number;
  /** Entries of the store's seal record compared with the seals (0: it keeps none yet). */
  sealRecordEntries: number;
  /** Events without an integrity block stored before tamper evidence was switched on. */
  unchainedEvents: number;
  /** The global position verified up to (the head when verification started). */
  checkedUpTo: number;
  /** The last valid seal: its own position and hash, and the position it covers. */
  lastSeal: { position: number; hash: string; sealedUpTo: number } | null;
  /** Every problem found; `problems` lists the first of them, by position. */
  problemCount: number;
  problems: AuditProblem[];
}

export interface VerifyOptions {
  /** Problems listed in full (default 100); all are counted. */
  maxProblems?: number;
  /** Seal hashes published outside the store: each must be the hash of a valid seal in it. */
  expectSeals?: readonly string[];
  /** Largest gap between an event's `chainedAt` and its `recordedAt` (default 5 minutes). */
  recordedAtToleranceMs?: number;
  /** The position verified up to, for the report (default: the last event's). */
  checkedUpTo?: number;
  /**
   * The store's seal record (EventStore.readSealRecord), kept apart from the events: each seal
   * it names must be in the store, as it was. Read before the head verified up to, so that it
   * names no seal stored since.
   */
  sealRecord?: readonly SealRecord[];
}

/** Problems listed in full unless asked otherwise. */
export const DEFAULT_MAX_PROBLEMS = 100;
const DEFAULT_TOLERANCE_MS = 5 * 60 * 1000;
/** Renumbering tried on an event whose hash fails: +d means d events removed before it. */
const RENUMBER_OFFSETS = [1, -1, 2, -2, 3, -3];
/** Events of one stream held while waiting for a missing version, before calling it removed. */
const MAX_PENDING = 10_000;

interface StreamState {
  streamId: string;
  version: number;
  hash: string;
  previousHash: string | null;
  position: number;
  recordedAt: string | null;
  chained: boolean;
  /** The head event is damaged: its hash cannot vouch for the next link. */
  damaged: boolean;
  /** The next event follows a reported gap or renumbering: its link is not checked. */
  breakLink: boolean;
  /** Renumbering in force (see RENUMBER_OFFSETS). */
  offset: number;
  /** Later versions stored before an earlier one (by position), waiting for it. */
  pending: Map<number, RecordedEvent>;
  /** Last version of the leading events without integrity blocks (0 if none). */
  legacyLast: number;
  legacyFirstPosition: number;
  chainedAfterLegacy: boolean;
  kinds: Set<AuditProblemKind>;
}

interface SealClaim extends SealedHead {
  sealPosition: number;
}

/**
 * Verifies a store's tamper evidence from its events in global order (one by one or in pages)
 * and its seals in seal order (both read lazily, so a store of any size is verified in a bounded amount of memory:
 * one head per stream). Each event's hash must recompute and link to its stream's previous
 * event; versions must be contiguous and rise with position; each seal must chain from the
 * previous one and match the heads of every stream at the position it covers; every stream a
 * seal names must still be there, at least as long. See the README, "Tamper evidence".
 */
export async function verifyAuditTrail(
  events: AsyncIterable<RecordedEvent | readonly RecordedEvent[]>,
  seals: AsyncIterable<RecordedEvent>,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const verification = new Verification(seals[Symbol.asyncIterator](), options);
  await verification.start();
  let last = 0;
  // Events one by one or a page at a time (cheaper: one await per page, not per event).
  for await (const item of events) {
    for (const event of isPage(item) ? item : [item]) {
      if (verification.sealDue(event.position)) await verification.checkSeals(event.position);
      verification.event(event);
      last = event.position;
    }
  }
  return await verification.finish(options.checkedUpTo ?? last);
}

const isPage = (item: RecordedEvent | readonly RecordedEvent[]): item is readonly RecordedEvent[] =>
  Array.isArray(item);

class Verification {
  private readonly streams = new Map<string, StreamState>();
  private readonly changedSinceSeal = new Set<string>();
  private readonly claims = new Map<string, SealClaim>();
  private readonly problems: AuditProblem[] = [];
  private readonly reported = new Set<string>();
  /** SEAL_MISMATCH of a stream, reported only when nothing else explains it. */
  private readonly streamMismatches = new Map<string, AuditProblem>();
  private readonly sealMismatches: AuditProblem[] = [];
  private readonly expected: Map<string, boolean>;
  private readonly sealRecord: readonly SealRecord[];
  private readonly maxProblems: number;
  private readonly tolerance: number;
  private problemCount = 0;
  private eventsChecked = 0;
  private sealsChecked = 0;
  private unchainedEvents = 0;
  /** Position of the first event with an integrity block: tamper evidence was on from there. */
  private cutover: number | null = null;
  private nextSeal: RecordedEvent | null = null;
  private nextSealUpTo = -1;
  /** The version of the last seal looked at, valid or not. */
  private sealVersion = 0;
  /** The streams changed since the previous seal cannot be told (it is missing or damaged). */
  private changesUnknown = false;
  /** The hash of each seal met in the scan, by version: what events' seal references name. */
  private readonly sealHashes = new Map<number, string>();
  /** The newest seal an event named before the scan met it. */
  private missingSeal: { version: number; hash: string; event: RecordedEvent } | null = null;
  private lastSeal: { position: number; hash: string; sealedUpTo: number } | null = null;

  constructor(
    private readonly seals: AsyncIterator<RecordedEvent>,
    options: VerifyOptions,
  ) {
    this.maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
    this.tolerance = options.recordedAtToleranceMs ?? DEFAULT_TOLERANCE_MS;
    this.expected = new Map((options.expectSeals ?? []).map((hash) => [hash.toLowerCase(), false]));
    this.sealRecord = options.sealRecord ?? [];
  }

  async start(): Promise<void> {
    await this.advanceSeal();
  }

  /** A seal vouches for the heads at its position: it is checked before going past it. */
  sealDue(position: number): boolean {
    return this.nextSeal !== null && this.nextSealUpTo < position;
  }

  async checkSeals(position: number): Promise<void> {
    while (this.nextSeal && this.nextSealUpTo < position) {
      this.checkSeal(this.nextSeal);
      await this.advanceSeal();
    }
  }

  event(event: RecordedEvent): void {
    const stream = this.stream(event.streamId);
    if (event.version <= stream.version || stream.pending.has(event.version)) {
      this.report('INSERTED', event, `a second event with version ${event.version} of its stream`);
      this.eventsChecked++;
      return;
    }
    if (event.version > stream.version + 1) {
      if (stream.pending.size >= MAX_PENDING) this.closeGap(stream);
      stream.pending.set(event.version, event);
      return;
    }
    if (stream.pending.size > 0) {
      const [early] = [...stream.pending.values()].sort((a, b) => a.version - b.version);
      this.report(
        'REORDERED',
        event,
        `stored at position ${event.position}, after version ${early.version} of its stream (position ${early.position})`,
      );
    }
    this.process(stream, event);
    this.drain(stream);
  }

  async finish(checkedUpTo: number): Promise<AuditVerification> {
    // Seals left after the last event cover the final state.
    while (this.nextSeal) {
      this.checkSeal(this.nextSeal);
      await this.advanceSeal();
    }
    for (const stream of this.streams.values()) {
      while (stream.pending.size > 0) this.closeGap(stream);
    }
    this.checkClaims();
    this.checkMissingSeal();
    this.checkSealRecord();
    for (const stream of this.streams.values()) this.checkLegacy(stream);
    for (const [hash, found] of this.expected) {
      if (!found) {
        this.add({
          kind: 'SEAL_MISMATCH',
          streamId: SEAL_STREAM,
          position: null,
          version: null,
          message: `no valid seal has the expected hash ${hash}: the seals were rewritten or removed`,
        });
      }
    }
    for (const [streamId, mismatch] of this.streamMismatches) {
      if (this.stream(streamId).kinds.size === 0) this.add(mismatch);
    }
    if (this.problemCount === 0 && this.sealMismatches.length > 0) {
      for (const mismatch of this.sealMismatches) this.add(mismatch);
    }
    const problems = [...this.problems]
      .sort(
        (a, b) =>
          (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER) ||
          (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0),
      )
      .slice(0, this.maxProblems);
    return {
      ok: this.problemCount === 0,
      eventsChecked: this.eventsChecked,
      streamsChecked: [...this.streams.values()].filter((stream) => stream.version > 0).length,
      sealsChecked: this.sealsChecked,
      sealRecordEntries: this.sealRecord.length,
      unchainedEvents: this.unchainedEvents,
      checkedUpTo,
      lastSeal: this.lastSeal,
      problemCount: this.problemCount,
      problems,
    };
  }

  private async advanceSeal(): Promise<void> {
    for (;;) {
      const next = await this.seals.next();
      if (next.done) {
        this.nextSeal = null;
        return;
      }
      if (next.value.type === SEAL_EVENT) {
        this.nextSeal = next.value;
        // The position it covers; one whose data is not a seal is checked (and refused) at once.
        this.nextSealUpTo = sealOf(next.value)?.position ?? -1;
        return;
      }
    }
  }

  private stream(streamId: string): StreamState {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = {
        streamId,
        version: 0,
        hash: emptyHead(streamId).hash,
        previousHash: null,
        position: 0,
        recordedAt: null,
        chained: false,
        damaged: false,
        breakLink: false,
        offset: 0,
        pending: new Map(),
        legacyLast: 0,
        legacyFirstPosition: 0,
        chainedAfterLegacy: false,
        kinds: new Set(),
      };
      this.streams.set(streamId, stream);
    }
    return stream;
  }

  /** Processes the events that were waiting for the one just processed. */
  private drain(stream: StreamState): void {
    for (let next = stream.pending.get(stream.version + 1); next;) {
      stream.pending.delete(next.version);
      this.process(stream, next);
      next = stream.pending.get(stream.version + 1);
    }
  }

  /** The missing versions before the earliest waiting event are gone: removed. */
  private closeGap(stream: StreamState): void {
    const [first] = [...stream.pending.values()].sort((a, b) => a.version - b.version);
    const missing =
      first.version - 1 > stream.version + 1
        ? `versions ${stream.version + 1} to ${first.version - 1} are missing`
        : `version ${stream.version + 1} is missing`;
    this.add(
      {
        kind: 'REMOVED',
        streamId: stream.streamId,
        position: first.position,
        version: stream.version + 1,
        message: `${missing}: version ${first.version} (position ${first.position}) follows version ${stream.version}`,
      },
      stream,
    );
    stream.pending.delete(first.version);
    stream.breakLink = true;
    this.process(stream, first);
    this.drain(stream);
  }

  /** Checks one event that comes next in its stream's version order, and makes it the head. */
  private process(stream: StreamState, event: RecordedEvent): void {
    this.eventsChecked++;
    const integrity = integrityOf(event);
    let hash: string;
    let damaged = false;
    if (integrity === null) {
      hash = eventHash(stream.hash, event);
      if (this.cutover === null && !stream.chained) {
        this.unchainedEvents++;
        stream.legacyLast = event.version;
        stream.legacyFirstPosition ||= event.position;
      } else {
        this.report(
          'INSERTED',
          event,
          `no integrity block, though tamper evidence was on when it was stored (from position ${this.cutover ?? stream.position}): written around the tamper-evident store, or its block was removed`,
        );
        damaged = true;
      }
    } else if (integrity === 'malformed') {
      hash = eventHash(stream.hash, event);
      this.report('ALTERED', event, 'its integrity block is malformed');
      damaged = true;
    } else {
      this.cutover ??= event.position;
      hash = integrity.hash;
      damaged = !this.checkChained(stream, event, integrity);
    }
    if (stream.legacyLast > 0 && integrity !== null && !damaged) stream.chainedAfterLegacy = true;
    stream.version = event.version;
    stream.hash = hash;
    stream.previousHash = integrity && integrity !== 'malformed' ? integrity.previousHash : null;
    stream.position = event.position;
    stream.recordedAt = event.recordedAt;
    stream.chained = stream.chained || integrity !== null;
    stream.damaged = damaged;
    stream.breakLink = false;
    this.changedSinceSeal.add(stream.streamId);
    if (stream.streamId === SEAL_STREAM) this.sealHashes.set(event.version, hash);
    if (integrity && integrity !== 'malformed' && !damaged)
      this.checkSealReference(event, integrity);
  }

  /** An event names the newest seal its writer knew: that seal must be in the store, as it was. */
  private checkSealReference(event: RecordedEvent, integrity: Integrity): void {
    const reference = integrity.lastSeal;
    if (!reference) return;
    const known = this.sealHashes.get(reference.version);
    if (known === undefined) {
      if (!this.missingSeal || reference.version > this.missingSeal.version) {
        this.missingSeal = { ...reference, event };
      }
    } else if (known !== reference.hash) {
      this.mismatch(
        SEAL_STREAM,
        event.position,
        `${event.streamId} version ${event.version} (position ${event.position}) was appended after seal ${reference.version} with hash ${reference.hash.slice(0, 12)}; the store's seal ${reference.version} has hash ${known.slice(0, 12)}`,
      );
    }
  }

  /** Seals named by events but not met in the scan were removed. */
  private checkMissingSeal(): void {
    const missing = this.missingSeal;
    if (!missing) return;
    this.checkNamedSeal(
      missing,
      missing.event.position,
      `${missing.event.streamId} version ${missing.event.version} (position ${missing.event.position}) was appended after seal ${missing.version}`,
    );
  }

  /**
   * Every seal the seal record names must be in the store as recorded: it outlives removing
   * the newest seals (with the events after them), which no later event is left to name.
   */
  private checkSealRecord(): void {
    for (const entry of this.sealRecord) {
      this.checkNamedSeal(
        entry,
        entry.position,
        `the seal record, kept apart from the events, has seal ${entry.version} at position ${entry.position}`,
      );
    }
  }

  /** A seal something outside the seal stream names (`named`) must be in it, as named. */
  private checkNamedSeal(
    seal: { version: number; hash: string },
    position: number,
    named: string,
  ): void {
    const known = this.sealHashes.get(seal.version);
    if (known === seal.hash) return;
    const seals = this.streams.get(SEAL_STREAM);
    // One report of the seals cut short is enough, whoever names the missing ones.
    if (seals?.kinds.has('STREAM_REMOVED') || seals?.kinds.has('TRUNCATED')) return;
    if (known !== undefined) {
      this.mismatch(SEAL_STREAM, position, `${named}, which the store holds with another hash`);
    } else if (!seals || seals.version === 0) {
      this.add(
        {
          kind: 'STREAM_REMOVED',
          streamId: SEAL_STREAM,
          position,
          version: seal.version,
          message: `${named}; the store has no seals left`,
        },
        this.stream(SEAL_STREAM),
      );
    } else if (seals.version < seal.version && !seals.kinds.has('REMOVED')) {
      this.add(
        {
          kind: 'TRUNCATED',
          streamId: SEAL_STREAM,
          position,
          version: seals.version + 1,
          message: `${named}; only ${seals.version} seals remain`,
        },
        seals,
      );
    }
  }

  /** Checks an event with an integrity block; false when its own hash cannot be trusted. */
  private checkChained(stream: StreamState, event: RecordedEvent, integrity: Integrity): boolean {
    const predecessor = `version ${stream.version} (position ${stream.position})`;
    if (
      stream.version > 0 &&
      (integrity.hash === stream.hash || integrity.previousHash === stream.previousHash)
    ) {
      this.report('INSERTED', event, `it claims the place in the chain of ${predecessor}`);
      return false;
    }
    let checkLink = !stream.breakLink && !stream.damaged;
    if (eventHash(integrity.previousHash, event) !== integrity.hash) {
      const offset = renumbering(event, integrity);
      if (offset === null) {
        this.report('ALTERED', event, 'its contents no longer match its hash');
        return false;
      }
      if (offset !== stream.offset) {
        this.reportRenumbering(stream, event, offset);
        checkLink = false; // the renumbering explains the broken link
      }
      stream.offset = offset;
    } else {
      stream.offset = 0;
    }
    const recorded = Date.parse(event.recordedAt);
    const chained = Date.parse(integrity.chainedAt);
    if (!(Math.abs(recorded - chained) <= this.tolerance)) {
      this.report(
        'ALTERED',
        event,
        `its recordedAt ${event.recordedAt} is not within ${this.tolerance / 1000} s of when it was chained (${integrity.chainedAt})`,
      );
    }
    if (!checkLink) return true;
    if (integrity.previousHash !== stream.hash) {
      this.report(
        'INSERTED',
        event,
        stream.version === 0
          ? "it does not chain from its stream's genesis: forged, or its stream's first events were replaced"
          : `it does not chain from ${predecessor}: forged, or ${predecessor} was replaced with its hash recomputed`,
      );
      return true;
    }
    if (stream.version === 0) return true;
    if (
      integrity.previousRecordedAt !== null &&
      integrity.previousRecordedAt !== stream.recordedAt
    ) {
      this.add(
        {
          kind: 'ALTERED',
          streamId: stream.streamId,
          position: stream.position,
          version: stream.version,
          message: `its recordedAt is ${stream.recordedAt}, but was ${integrity.previousRecordedAt} when version ${event.version} was appended`,
        },
        stream,
      );
    } else if (integrity.previousRecordedAt === null && event.recordedAt !== stream.recordedAt) {
      this.report(
        'ALTERED',
        event,
        `its recordedAt ${event.recordedAt} differs from that of ${predecessor}, committed with it (${stream.recordedAt}): one of the two was changed`,
      );
    }
    return true;
  }

  private reportRenumbering(stream: StreamState, event: RecordedEvent, offset: number): void {
    const was = `version ${event.version} was stored as version ${event.version + offset}`;
    if (offset > 0) {
      this.report(
        'REMOVED',
        event,
        `${offset} event(s) were removed before it and the later ones renumbered (${was})`,
      );
    } else {
      this.add(
        {
          kind: 'INSERTED',
          streamId: stream.streamId,
          position: stream.position,
          version: stream.version,
          message: `${-offset} event(s) up to this one were inserted and the later ones renumbered (${was})`,
        },
        stream,
      );
    }
  }

  private checkSeal(event: RecordedEvent): void {
    // After a missing or damaged seal, the next one lists changes since a seal not checked.
    if (event.version !== this.sealVersion + 1) this.changesUnknown = true;
    this.sealVersion = event.version;
    const seal = sealOf(event);
    const integrity = integrityOf(event);
    if (
      integrity === null ||
      integrity === 'malformed' ||
      eventHash(integrity.previousHash, event) !== integrity.hash
    ) {
      this.changesUnknown = true;
      return; // the scan reports the seal event's own damage; its claims cannot be trusted
    }
    if (
      !seal ||
      seal.position >= event.position ||
      seal.position < (this.lastSeal?.sealedUpTo ?? 0)
    ) {
      this.add({
        kind: 'SEAL_MISMATCH',
        streamId: SEAL_STREAM,
        position: event.position,
        version: event.version,
        message: seal
          ? `it claims to cover position ${seal.position}, out of order with its own position and the previous seal's`
          : 'its data is not a seal',
      });
      this.changesUnknown = true;
      return;
    }
    this.sealsChecked++;
    const previous = this.lastSeal?.hash ?? null;
    if (seal.previousSeal !== previous) {
      this.mismatch(
        SEAL_STREAM,
        event.position,
        `it chains from seal ${seal.previousSeal}, not from the previous seal ${previous}`,
      );
    }
    this.lastSeal = { position: event.position, hash: integrity.hash, sealedUpTo: seal.position };
    if (this.expected.has(integrity.hash)) this.expected.set(integrity.hash, true);
    const claimed = new Map(seal.streams.map((head) => [head.streamId, head]));
    for (const streamId of this.changesUnknown ? [] : this.changedSinceSeal) {
      if (!claimed.has(streamId)) {
        const stream = this.stream(streamId);
        this.mismatch(
          streamId,
          event.position,
          `it reached version ${stream.version} (position ${stream.position}) by position ${seal.position}, but the seal at position ${event.position} does not list it`,
        );
      }
    }
    for (const head of claimed.values()) {
      const stream = this.streams.get(head.streamId);
      const differs =
        !stream ||
        stream.version !== head.version ||
        stream.hash !== head.hash ||
        stream.position !== head.position ||
        stream.recordedAt !== head.recordedAt;
      if (differs) {
        this.mismatch(
          head.streamId,
          event.position,
          `the seal at position ${event.position} recorded version ${head.version} (position ${head.position}, hash ${head.hash.slice(0, 12)}) at position ${seal.position}; the store has ${stream && stream.version > 0 ? `version ${stream.version} (position ${stream.position}, hash ${stream.hash.slice(0, 12)})` : 'no event'}`,
        );
      }
      this.claims.set(head.streamId, { ...head, sealPosition: event.position });
    }
    const heads = [...this.streams.values()]
      .filter((stream) => stream.version > 0)
      .map((stream): SealedHead => ({
        streamId: stream.streamId,
        version: stream.version,
        position: stream.position,
        hash: stream.hash,
        recordedAt: stream.recordedAt ?? '',
      }));
    if (seal.streamCount !== heads.length || seal.headsDigest !== headsDigest(heads)) {
      this.sealMismatches.push({
        kind: 'SEAL_MISMATCH',
        streamId: SEAL_STREAM,
        position: event.position,
        version: event.version,
        message: `the heads it recorded at position ${seal.position} (${seal.streamCount} streams) are not those of the store (${heads.length} streams)`,
      });
    }
    this.changedSinceSeal.clear();
    this.changesUnknown = false;
  }

  /** Streams a seal named must still be there, with at least the events it sealed. */
  private checkClaims(): void {
    for (const claim of this.claims.values()) {
      const stream = this.streams.get(claim.streamId);
      const sealed = `the seal at position ${claim.sealPosition} recorded version ${claim.version} (position ${claim.position})`;
      if (!stream || stream.version === 0) {
        this.add(
          {
            kind: 'STREAM_REMOVED',
            streamId: claim.streamId,
            position: claim.position,
            version: claim.version,
            message: `${sealed}; the stream has no events left`,
          },
          stream ?? this.stream(claim.streamId),
        );
      } else if (stream.version < claim.version && !stream.kinds.has('REMOVED')) {
        this.add(
          {
            kind: 'TRUNCATED',
            streamId: claim.streamId,
            position: claim.position,
            version: stream.version + 1,
            message: `${sealed}; only ${stream.version} remain: versions ${stream.version + 1} to ${claim.version} are gone`,
          },
          stream,
        );
      }
    }
  }

  /** Events from before tamper evidence pass once a later chained event or a seal covers them. */
  private checkLegacy(stream: StreamState): void {
    if (stream.legacyLast === 0 || stream.chainedAfterLegacy) return;
    if ((this.claims.get(stream.streamId)?.version ?? 0) >= stream.legacyLast) return;
    this.add(
      {
        kind: 'UNCHAINED',
        streamId: stream.streamId,
        position: stream.legacyFirstPosition,
        version: 1,
        message: `versions 1 to ${stream.legacyLast} were stored before tamper evidence and no seal covers them yet (run tracker seal)`,
      },
      stream,
    );
  }

  private mismatch(streamId: string, position: number, message: string): void {
    if (this.streamMismatches.has(streamId)) return;
    this.streamMismatches.set(streamId, {
      kind: 'SEAL_MISMATCH',
      streamId,
      position,
      version: this.streams.get(streamId)?.version ?? null,
      message,
    });
  }

  private report(kind: AuditProblemKind, event: RecordedEvent, message: string): void {
    this.add(
      { kind, streamId: event.streamId, position: event.position, version: event.version, message },
      this.stream(event.streamId),
    );
  }

  private add(problem: AuditProblem, stream?: StreamState): void {
    const key = `${problem.kind}\u0000${problem.streamId}\u0000${problem.version}\u0000${problem.position}`;
    if (this.reported.has(key)) return;
    if (this.reported.size < 100_000) this.reported.add(key);
    stream?.kinds.add(problem.kind);
    this.problemCount++;
    if (this.problems.length < this.maxProblems * 2) this.problems.push(problem);
  }
}

/** The version offset under which an event's hash holds, if it was only renumbered. */
function renumbering(event: RecordedEvent, integrity: Integrity): number | null {
  for (const offset of RENUMBER_OFFSETS) {
    const version = event.version + offset;
    if (version < 1) continue;
    if (eventHash(integrity.previousHash, { ...event, version }) === integrity.hash) return offset;
  }
  return null;
}
