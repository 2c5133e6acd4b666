import { createHash, randomUUID } from 'crypto';
import type { Actor } from './actor';
import { canonicalJson } from './canonical-json';
import { startOfBusinessDay } from './clock';
import { InvalidInputError } from './domain-error';

/**
 * What every stored event records besides its facts: who, when in the world, why, and which
 * command caused it. When it was recorded is stamped by the store.
 */
export interface EventMetadata {
  actor: Actor;
  /** Business time: when it happened in the world (ISO 8601); may be in the past. */
  occurredAt: string;
  reason: string | null;
  evidence: string[];
  commandId: string;
  correlationId: string;
  causationId: string | null;
  /**
   * What the command was asked to do (see commandFingerprint), so that a command id used again
   * for another request is told apart from a retry. Absent on events stored before it was
   * recorded, and on events written by other means than a stream command (imports, seals).
   */
  commandFingerprint?: string;
}

/** The envelope every command carries alongside its own facts. */
export interface CommandContext {
  actor: Actor;
  commandId: string;
  correlationId: string;
  causationId: string | null;
  occurredAt: string;
  reason: string | null;
  evidence: string[];
  /** Optimistic concurrency: the stream version the caller last saw, if it cares. */
  expectedVersion: number | null;
  /**
   * The caller's request as sent, but its commandId and expectedVersion: what a retry must
   * repeat (see commandFingerprint). Null when no caller sent one (seeding).
   */
  request: Readonly<Record<string, unknown>> | null;
}

export const metadataOf = (context: CommandContext): EventMetadata => ({
  actor: context.actor,
  occurredAt: context.occurredAt,
  reason: context.reason,
  evidence: context.evidence,
  commandId: context.commandId,
  correlationId: context.correlationId,
  causationId: context.causationId,
});

/** The envelope fields every mutation input may carry (API convention). */
export interface CommandEnvelope {
  commandId?: string | null;
  expectedVersion?: number | null;
  occurredAt?: string | null;
  reason?: string | null;
  evidence?: string[] | null;
}

/**
 * The id of the thing a command creates (an account, a webhook), from the command's id: a
 * retry names the same thing, where the store recognises the command and writes nothing.
 */
export function idForCommand(kind: string, commandId: string): string {
  const hex = createHash('sha256').update(`${kind}:${commandId}`).digest('hex');
  // A UUID's layout, version 8 (custom) and the RFC 9562 variant.
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `8${hex.slice(13, 16)}`,
    `${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** Completes an input's envelope: defaults for what the caller left out, actor from the token. */
export function commandContextOf(
  envelope: CommandEnvelope,
  actor: Actor,
  correlationId: string,
  now: Date,
): CommandContext {
  return {
    actor,
    commandId: envelope.commandId ?? randomUUID(),
    correlationId,
    causationId: null,
    occurredAt: envelope.occurredAt ? instantOf(envelope.occurredAt) : now.toISOString(),
    reason: envelope.reason?.trim() || null,
    evidence: envelope.evidence ?? [],
    expectedVersion: envelope.expectedVersion ?? null,
    request: requestOf(envelope),
  };
}

/**
 * The request as the caller sent it, before any default is filled in: a retry sent later (after
 * midnight, without occurredAt) still asks the same. Left out: the command id, which names the
 * request, and expectedVersion, a precondition checked only when the command is first handled,
 * which a client may have moved on by the time it retries.
 */
function requestOf(envelope: CommandEnvelope): Record<string, unknown> {
  const { commandId: _id, expectedVersion: _version, ...request } = { ...envelope };
  return request;
}

/**
 * sha256 of a command's kind and its request (canonical JSON), or null when it has no request
 * to compare. Recorded in the command's events; the same command id with another fingerprint
 * is another request, not a retry.
 */
export function commandFingerprint(kind: string, context: CommandContext): string | null {
  if (context.request === null) return null;
  return createHash('sha256')
    .update(canonicalJson({ kind, request: context.request }))
    .digest('hex');
}

/**
 * `occurredAt` as an instant. ISO 8601 forms that Date cannot read (the basic `20240101`, week
 * and ordinal dates) pass the input's IsISO8601 check; they are the user's input, not an
 * internal error (found by the reliability suite).
 */
function instantOf(occurredAt: string): string {
  const time = Date.parse(occurredAt);
  if (Number.isNaN(time)) {
    throw new InvalidInputError(
      'occurredAt',
      'isoDateOrInstant',
      `occurredAt ${occurredAt} is not a date (YYYY-MM-DD) or an instant JavaScript can read`,
    );
  }
  // A date alone is a business date: it happened from the start of that day in England.
  return /^\d{4}-\d{2}-\d{2}$/.test(occurredAt)
    ? startOfBusinessDay(occurredAt)
    : new Date(time).toISOString();
}
