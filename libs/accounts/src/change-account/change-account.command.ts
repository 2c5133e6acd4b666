import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/kernel';
import type { StreamCommandResult } from '@app/event-store';
import type { Account } from '../domain/account';
import type { AccountCommand } from '../domain/decide';

export type AccountChange = StreamCommandResult<Account>;

/** Any change to one account (adding it too), with the envelope of who asks and why. */
export class ChangeAccount extends Command<AccountChange> {
  constructor(
    readonly command: AccountCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}
