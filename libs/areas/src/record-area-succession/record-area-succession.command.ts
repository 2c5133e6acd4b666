import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/kernel';
import type { StreamCommandResult } from '@app/event-store';
import type { RecordSuccession, Succession } from '../domain/area-succession';

/** Marks an area as replaced by its successors from a date. */
export class RecordAreaSuccession extends Command<StreamCommandResult<Succession>> {
  constructor(
    readonly command: RecordSuccession,
    readonly context: CommandContext,
  ) {
    super();
  }
}
