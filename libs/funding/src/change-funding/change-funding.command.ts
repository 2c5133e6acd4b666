import { Command } from '@nestjs/cqrs';
import type { StreamCommandResult } from '@app/event-store';
import type { CommandContext } from '@app/kernel';
import type { FundingCommand, FundingState } from '../domain/grant-allocation';

/** Any change to a programme's grant allocations, with who asks and why. */
export class ChangeFunding extends Command<StreamCommandResult<FundingState>> {
  constructor(
    readonly command: FundingCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}
