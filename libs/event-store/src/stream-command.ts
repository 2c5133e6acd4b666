import { CommandContext, commandFingerprint, metadataOf, type StoredFact } from '@app/kernel';
import { IdempotencyConflictError, WrongExpectedVersionError } from './errors';
import type { EventStore, RecordedEvent, StreamAppend } from './event-store.port';

export type { StoredFact };

/** An event as a decider produces it, before the store gives it a place. */
export interface DecidedEvent {
  type: string;
  data: object;
}

export interface StreamCommand<State> {
  streamId: string;
  /** The command's kind (e.g. AcceptRecommendation): with the request, what a retry repeats. */
  kind: string;
  context: CommandContext;
  fold(events: readonly StoredFact[]): State | null;
  /** Decides on the state read, with the context of this attempt (see `now`). */
  decide(state: State | null, context: CommandContext): DecidedEvent[];
  /**
   * The clock. When given, a command whose caller left occurredAt out happens when it is
   * decided: each attempt stamps it anew, so a racer stamped before the winner's step but
   * decided after it is not refused as happening before that step.
   */
  now?: () => Date;
}

export interface StreamCommandResult<State> {
  state: State | null;
  /** Stream version after the command (or after its first handling, for a retry). */
  version: number;
  /** Global position of the last event written (null when nothing was written). */
  position: number | null;
  /** True when the command id had been handled before and nothing was written. */
  duplicate: boolean;
}

/** What a command decides for one of the streams it read. */
export interface StreamEvents {
  streamId: string;
  events: DecidedEvent[];
}

/**
 * A command on one stream that also reads, and may write, others named from that stream's
 * state (an account and the claims on its email): everything decided is appended in one
 * `appendMany`, each stream at the version read, all or none. Whenever it writes, it writes
 * to its own stream, where a retry is recognised.
 */
export interface MultiStreamCommand<State> extends Omit<StreamCommand<State>, 'decide'> {
  /** The other streams the decision reads, named from the state of the command's stream. */
  otherStreams(state: State | null): string[];
  decide(
    state: State | null,
    others: ReadonlyMap<string, readonly StoredFact[]>,
    context: CommandContext,
  ): StreamEvents[];
}

/** Without an expected version from the caller, a lost race is retried on the fresh stream: each round one racer wins, so the bound must exceed the writers one stream can see at once. */
const MAX_ATTEMPTS = 200;

/**
 * Loads a stream, folds it, decides and appends with the version it read. A command whose id
 * is already in the stream returns the state as it was right after that command, writing
 * nothing, so a client's retry is safe even when it races its first attempt; the same id with
 * another request is refused with IdempotencyConflictError, writing nothing.
 */
export function runStreamCommand<State>(
  store: EventStore,
  command: StreamCommand<State>,
): Promise<StreamCommandResult<State>> {
  return runMultiStreamCommand(store, {
    ...command,
    otherStreams: () => [],
    decide: (state, _others, context) => [
      { streamId: command.streamId, events: command.decide(state, context) },
    ],
  });
}

/**
 * `runStreamCommand` for a command that also reads and writes other streams: they are read
 * after the command's own, and a lost race on any of them re-reads all and decides again.
 */
export async function runMultiStreamCommand<State>(
  store: EventStore,
  command: MultiStreamCommand<State>,
): Promise<StreamCommandResult<State>> {
  const { streamId } = command;
  const fingerprint = commandFingerprint(command.kind, command.context);
  for (let attempt = 1; ; attempt++) {
    const events = await store.readStream(streamId);
    const context = contextOfAttempt(command);
    const metadata: Record<string, unknown> = { ...metadataOf(context) };
    if (fingerprint !== null) metadata.commandFingerprint = fingerprint;
    const handledUpTo = lastIndexOfCommand(events, context.commandId);
    if (handledUpTo >= 0) {
      if (!isRetry(events[handledUpTo], fingerprint)) {
        throw new IdempotencyConflictError(streamId, context.commandId);
      }
      const handled = events.slice(0, handledUpTo + 1);
      return {
        state: command.fold(handled),
        version: handled.length,
        position: null,
        duplicate: true,
      };
    }
    if (context.expectedVersion !== null && context.expectedVersion !== events.length) {
      throw new WrongExpectedVersionError(streamId, context.expectedVersion, events.length);
    }
    const state = command.fold(events);
    const read = new Map<string, readonly RecordedEvent[]>([[streamId, events]]);
    for (const other of command.otherStreams(state)) {
      if (!read.has(other)) read.set(other, await store.readStream(other));
    }
    read.delete(streamId);
    const appends = command
      .decide(state, read, context)
      .filter((decided) => decided.events.length > 0)
      .map((decided) =>
        appendOf(
          decided,
          decided.streamId === streamId ? events : read.get(decided.streamId),
          metadata,
        ),
      );
    if (appends.length === 0) {
      return { state, version: events.length, position: null, duplicate: false };
    }
    // A retry is recognised in the command's own stream only.
    const own = appends.find((append) => append.streamId === streamId);
    if (!own) throw new Error(`A command on ${streamId} wrote only to other streams`);
    try {
      const results =
        appends.length === 1
          ? [await store.append(own.streamId, own.events, own.expectedVersion)]
          : await store.appendMany(appends);
      return {
        state: command.fold([...events, ...own.events]),
        version: results[appends.indexOf(own)].version,
        position: Math.max(...results.map((result) => result.position)),
        duplicate: false,
      };
    } catch (error) {
      // Re-reading settles both a concurrent retry of this command and, when the caller named
      // a version, reports the conflict against what is really stored now.
      if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** A stream's decided events with the command's metadata, expected at the version read. */
function appendOf(
  decided: StreamEvents,
  read: readonly RecordedEvent[] | undefined,
  metadata: Record<string, unknown>,
): StreamAppend {
  if (!read) throw new Error(`A command wrote to ${decided.streamId} without reading it`);
  return {
    streamId: decided.streamId,
    events: decided.events.map((event) => ({
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: { ...metadata },
    })),
    expectedVersion: read.length === 0 ? 'no_stream' : read.length,
  };
}

/** The command's context, with occurredAt stamped now when its caller left it out. */
function contextOfAttempt(
  command: Pick<StreamCommand<unknown>, 'context' | 'now'>,
): CommandContext {
  const { context, now } = command;
  const stampedWhenDecided = now && context.request !== null && !context.request.occurredAt;
  return stampedWhenDecided ? { ...context, occurredAt: now().toISOString() } : context;
}

/**
 * Whether a command's stored event and a request under the same id ask the same. An event
 * stored before fingerprints were recorded (or a request without one) cannot tell: it is taken
 * for a retry, as every repeated id was before.
 */
function isRetry(handled: RecordedEvent, fingerprint: string | null): boolean {
  const stored = handled.metadata.commandFingerprint;
  return typeof stored !== 'string' || fingerprint === null || stored === fingerprint;
}

/**
 * Where each command's events end in a stream, by command id, held for the newest event of the
 * stream indexed: a stream only grows and the stream cache hands out the same event objects,
 * so a command looks through only the events stored since the last one, not the whole stream.
 */
const commandEnds = new WeakMap<RecordedEvent, Map<string, number>>();

/** The index of the last event of a command in a stream read from its first version, or -1. */
function lastIndexOfCommand(events: readonly RecordedEvent[], commandId: string): number {
  const last = events[events.length - 1];
  if (!last) return -1;
  let from = events.length;
  let ends: Map<string, number> | undefined;
  while (from > 0 && !(ends = commandEnds.get(events[from - 1]))) from--;
  if (ends) commandEnds.delete(events[from - 1]);
  else ends = new Map();
  for (let i = from; i < events.length; i++) {
    const id = events[i].metadata.commandId;
    if (typeof id === 'string') ends.set(id, i);
  }
  commandEnds.set(last, ends);
  return ends.get(commandId) ?? -1;
}

/**
 * The log entry of a handled command, the same in every context so that one query finds them
 * all: what was done to which thing (`subject`, e.g. `{ account: id }`), by whom, and whether it
 * was a retry of a command already handled.
 */
export const commandHandledEntry = (
  kind: string,
  context: CommandContext,
  subject: Record<string, string>,
  result: Pick<StreamCommandResult<unknown>, 'duplicate' | 'version'>,
): Record<string, unknown> => ({
  msg: result.duplicate ? 'command already handled' : 'command handled',
  command: kind,
  ...subject,
  version: result.version,
  commandId: context.commandId,
  correlationId: context.correlationId,
  actor: context.actor.id,
});
