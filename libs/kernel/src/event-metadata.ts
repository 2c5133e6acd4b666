import { randomUUID } from 'crypto';
import type { Actor } from './actor';

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
    occurredAt: envelope.occurredAt
      ? new Date(envelope.occurredAt).toISOString()
      : now.toISOString(),
    reason: envelope.reason?.trim() || null,
    evidence: envelope.evidence ?? [],
    expectedVersion: envelope.expectedVersion ?? null,
  };
}
