import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, CurrentRequest, RequestContext, Roles } from '@app/access';
import { Actor, Clock, commandContextOf, Role } from '@app/kernel';
import { Cost, listOf } from '@app/platform';
import { AccountDirectory } from '../account';
import type { Account } from '../domain/account';
import type { AccountCommand } from '../domain/decide';
import { MAY_MANAGE_ACCOUNTS } from '../domain/policy';
import { ChangeAccount } from '../change-account/change-account.command';
import { AccountModel } from './account.model';
import { AccountInput, AddAccountInput, ChangeAccountInput } from './account.inputs';

/** Accounts are listed whole: priced as a thousand, more people than the tracker serves. */
const MOST_ACCOUNTS = 1000;

/** What an admin does with accounts. Every rule is the context's (policy and decider). */
@Resolver(() => AccountModel)
export class AccountsResolver {
  constructor(
    private readonly directory: AccountDirectory,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Query(() => [AccountModel], { description: 'The accounts, by email' })
  @Roles(...MAY_MANAGE_ACCOUNTS)
  @Cost(listOf(MOST_ACCOUNTS))
  accounts(
    @Args('role', { type: () => Role, nullable: true }) role: Role | null,
    @Args('active', { type: () => Boolean, nullable: true }) active: boolean | null,
  ): Promise<Account[]> {
    return this.directory.list({ role: role ?? undefined, active: active ?? undefined });
  }

  @Mutation(() => AccountModel, { description: 'Add an account for a person' })
  @Roles(...MAY_MANAGE_ACCOUNTS)
  addAccount(
    @Args('input') input: AddAccountInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<Account> {
    const { email, name, role, organisation, areaCodes } = input;
    return this.send(
      {
        kind: 'AddAccount',
        email,
        name,
        role,
        organisation,
        areaCodes: areaCodes ?? [],
      },
      input,
      actor,
      request,
    );
  }

  @Mutation(() => AccountModel, { description: 'Change the details of an account' })
  @Roles(...MAY_MANAGE_ACCOUNTS)
  changeAccount(
    @Args('input') input: ChangeAccountInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<Account> {
    const { accountId, email, name, role, organisation, areaCodes } = input;
    // Only the details given: null and left out alike mean "as it is".
    const given = Object.fromEntries(
      Object.entries({ email, name, role, organisation, areaCodes }).filter(
        ([, value]) => value !== null && value !== undefined,
      ),
    );
    return this.send({ kind: 'ChangeAccount', accountId, ...given }, input, actor, request);
  }

  @Mutation(() => AccountModel, {
    description:
      'Deactivate an account: it can do nothing from the next request on (reason required)',
  })
  @Roles(...MAY_MANAGE_ACCOUNTS)
  deactivateAccount(
    @Args('input') input: AccountInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<Account> {
    return this.send(
      { kind: 'DeactivateAccount', accountId: input.accountId },
      input,
      actor,
      request,
    );
  }

  @Mutation(() => AccountModel, {
    description: 'Reactivate a deactivated account (reason required)',
  })
  @Roles(...MAY_MANAGE_ACCOUNTS)
  reactivateAccount(
    @Args('input') input: AccountInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<Account> {
    return this.send(
      { kind: 'ReactivateAccount', accountId: input.accountId },
      input,
      actor,
      request,
    );
  }

  @Mutation(() => AccountModel, {
    description: 'End every session of the person: they sign in again (reason required)',
  })
  @Roles(...MAY_MANAGE_ACCOUNTS)
  endAccountSessions(
    @Args('input') input: AccountInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<Account> {
    return this.send(
      { kind: 'EndAccountSessions', accountId: input.accountId },
      input,
      actor,
      request,
    );
  }

  private async send(
    command: AccountCommand,
    input: AccountInput | AddAccountInput,
    actor: Actor,
    request: RequestContext,
  ): Promise<Account> {
    const context = commandContextOf(input, actor, request.correlationId, this.clock.now());
    const { state } = await this.commands.execute(new ChangeAccount(command, context));
    return state!;
  }
}
