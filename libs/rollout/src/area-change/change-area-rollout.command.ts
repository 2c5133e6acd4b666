import { Command } from '@nestjs/cqrs';
import type { Succession } from '@app/areas';
import type { StreamCommandResult } from '@app/event-store';
import { type Actor, type CommandContext, commandContextOf, isoDate } from '@app/kernel';
import type { AreaRolloutCommand, AreaRolloutState } from '../domain/area-rollout';
import type { ProgrammeState } from '../domain/programme';
import type { AreaChangeInput } from './area-change.input';

/**
 * The outcome, with the programme, successions and former areas' rollouts it was decided on:
 * its answer shows them.
 */
export type AreaRolloutChange = StreamCommandResult<AreaRolloutState> & {
  programme: ProgrammeState | null;
  successions: ReadonlyMap<string, Succession>;
  /** The rollouts of the former areas this area succeeded, by area (see AreaRollouts.formersOf). */
  formers: ReadonlyMap<string, AreaRolloutState | null>;
};

/**
 * Any change to one area's rollout of a programme, with who asks and why. An occurredAt the
 * caller left out defaults in the handler (see withBusinessDate).
 */
export class ChangeAreaRollout extends Command<AreaRolloutChange> {
  constructor(
    readonly programmeId: string,
    readonly areaCode: string,
    readonly command: AreaRolloutCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The change an area input asks for, as every way in sends it (the GraphQL resolver, the
 * site's forms): dates left out default to England's today, the context carries who and why.
 */
export function areaChangeOf(
  input: AreaChangeInput,
  actor: Actor,
  correlationId: string,
  now: Date,
): ChangeAreaRollout {
  return new ChangeAreaRollout(
    input.programmeId,
    input.areaCode,
    input.toCommand(isoDate(now)),
    commandContextOf(input, actor, correlationId, now),
  );
}
