import { Command } from '@nestjs/cqrs';
import type { StreamCommandResult } from '@app/event-store';
import type { CommandContext } from '@app/kernel';
import type { ProgrammeCommand, ProgrammeState } from '../domain/programme';

export type ProgrammeChange = StreamCommandResult<ProgrammeState>;

/** Creating a programme, moving one of its national targets, or recording its dated facts. */
export class ChangeProgramme extends Command<ProgrammeChange> {
  constructor(
    readonly command: ProgrammeCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}
