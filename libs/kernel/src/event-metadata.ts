import { randomUUID } from 'crypto';
import type { Actor } from './actor';
import { startOfBusinessDay } from './clock';
import { InvalidInputError } from './domain-error';

/**
 * What every stored event records besides its facts (DESIGN.md promise 2): who, when in the
 * world, why, and which command caused it. When it was recorded is stamped by the store.
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
  };
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
