import { Command } from '@nestjs/cqrs';
import type { StreamCommandResult } from '@app/event-store';
import type { CommandContext } from '@app/kernel';
import type { AreaRolloutCommand, AreaRolloutState } from '../domain/area-rollout';

export type AreaRolloutChange = StreamCommandResult<AreaRolloutState>;

/** Any change to one area's rollout of a programme, with who asks and why. */
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
