import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LocalAuthorityRegister } from '@app/areas';
import {
  commandHandledEntry,
  EVENT_STORE,
  EventStore,
  runMultiStreamCommand,
} from '@app/event-store';
import { Clock } from '@app/kernel';
import {
  accountIdFor,
  accountStream,
  emailClaimStream,
  emailHolder,
  foldAccount,
} from '../domain/account';
import { claimStreamsOf, decide } from '../domain/decide';
import { authorize } from '../domain/policy';
import { AccountsReadModel } from '../read-model/accounts.read-model';
import { AccountChange, ChangeAccount } from './change-account.command';

@CommandHandler(ChangeAccount)
export class ChangeAccountHandler implements ICommandHandler<ChangeAccount, AccountChange> {
  private readonly logger = new Logger('Accounts');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly areas: LocalAuthorityRegister,
    private readonly readModel: AccountsReadModel,
  ) {}

  async execute({ command, context }: ChangeAccount): Promise<AccountChange> {
    authorize(context.actor, command);
    const accountId =
      command.kind === 'AddAccount' ? accountIdFor(context.commandId) : command.accountId;
    // The account's stream and the claims on the emails it takes or gives up, in one append.
    const result = await runMultiStreamCommand(this.store, {
      streamId: accountStream(accountId),
      kind: command.kind,
      context,
      fold: (events) => foldAccount(accountId, events),
      otherStreams: (account) => claimStreamsOf(command, account),
      now: () => this.clock.now(),
      decide: (account, claims, attempt) =>
        decide(command, accountId, account, {
          actor: attempt.actor,
          occurredAt: attempt.occurredAt,
          reason: attempt.reason,
          now: this.clock.now(),
          isKnownArea: (code) => this.areas.has(code),
          holderOf: (email) => emailHolder(claims.get(emailClaimStream(email)) ?? []),
        }),
    });
    this.logger.log(commandHandledEntry(command.kind, context, { account: accountId }, result));
    // Read your writes: lists include the change once the caller hears back.
    if (result.position !== null) await this.readModel.waitFor(result.position);
    return result;
  }
}
