import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/kernel';
import type { StreamCommandResult } from '@app/event-store';
import type { SourceCommand } from '../domain/decide';
import type { Source } from '../domain/source.state';

export type SourceChange = StreamCommandResult<Source>;

/** Adding or correcting one source, with the envelope of who asks and why. */
export class ChangeSource extends Command<SourceChange> {
  constructor(
    readonly command: SourceCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}
