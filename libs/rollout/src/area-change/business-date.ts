import { CommandContext, startOfBusinessDay } from '@app/kernel';
import { AreaRolloutCommand, businessDateOf } from '../domain/area-rollout';

/**
 * The envelope a change is decided and recorded with. A caller's request that leaves
 * occurredAt out means the command's own business date (a milestone happened on the day it was
 * achieved), from the start of that day in England; a change without one happens when made.
 * An envelope built without a request (seeding) names its occurredAt itself.
 */
export function withBusinessDate(
  command: AreaRolloutCommand,
  context: CommandContext,
): CommandContext {
  const date = businessDateOf(command);
  if (!date || !context.request || context.request.occurredAt) return context;
  return { ...context, occurredAt: startOfBusinessDay(date) };
}
