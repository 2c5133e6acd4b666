import { Command } from '@nestjs/cqrs';
import type { Succession } from '@app/areas';
import type { StreamCommandResult } from '@app/event-store';
import type { CommandContext } from '@app/kernel';
import type { AreaRolloutCommand, AreaRolloutState } from '../domain/area-rollout';
import type { ProgrammeState } from '../domain/programme';

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
