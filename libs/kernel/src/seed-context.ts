import { SYSTEM_ACTOR } from './actor';
import { startOfBusinessDay } from './clock';
import type { CommandContext } from './event-metadata';

/**
 * The envelope of a command that loads shipped data: the system acts, on the business date the
 * sources give, with a fixed command id so that seeding again writes nothing new.
 */
export const seedContext = (commandId: string, on: string, reason: string): CommandContext => ({
  actor: SYSTEM_ACTOR,
  commandId: `seed:${commandId}`,
  correlationId: 'seed:reference-data',
  causationId: null,
  occurredAt: startOfBusinessDay(on),
  reason,
  evidence: [],
  expectedVersion: null,
  request: null,
});
