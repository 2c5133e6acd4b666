import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, CurrentRequest, type RequestContext, SecurityLog } from '@app/access';
import {
  type Account,
  type AccountCommand,
  AccountDirectory,
  accountIdFor,
  ACCOUNT_STREAM_PREFIX,
  ChangeAccount,
} from '@app/accounts';
import { LocalAuthorityRegister } from '@app/areas';
import { AuditTrailReadModel } from '@app/audit';
import { Actor, Clock, commandContextOf, historyScopeOf, notFound, Role } from '@app/kernel';
import { areaGroupsOf } from '../history/history-page.view';
import { notify, SignedInForm, SignedInPage } from '../signed-in/signed-in-page';
import {
  type AccountForm,
  accountDetailsOf,
  accountHistoryOf,
  accountHref,
  accountRowOf,
  accountsFilterItems,
  accountsFilterOf,
  areaCheckboxes,
  emptyAccountForm,
  readAccountForm,
  type ReasonForm,
  readReasonForm,
  refusalWords,
  roleRadios,
  withProblems,
} from './accounts.view';
import { recordSessionsEnded } from './sessions-ended';

type Fields = Record<string, unknown>;
/** What a form's POST handles: who sent it, and the request and reply. */
interface Exchange {
  actor: Actor;
  context: RequestContext;
  request: FastifyRequest;
  reply: FastifyReply;
}
/** The changes made on an account's page with only a reason to give. */
const STATE_CHANGES = {
  deactivate: { kind: 'DeactivateAccount', done: 'deactivated' },
  reactivate: { kind: 'ReactivateAccount', done: 'reactivated' },
  'end-sessions': { kind: 'EndAccountSessions', done: 'signed out everywhere' },
} as const;
type StateChange = keyof typeof STATE_CHANGES;

/** The steps of an account's history its page shows, newest first. */
const ACCOUNT_HISTORY_SIZE = 100;

/** A form's command id: made when it is first shown, so sending it twice changes once. */
const newCommandId = (): string => `site:${randomUUID()}`;

/**
 * Admins manage accounts: the list, adding one, and on each account's page changing its
 * details, deactivating or reactivating it and ending its sessions. Each form sends the
 * accounts context's ChangeAccount command, whose policy and rules decide; its refusals come
 * back beside the fields they are about.
 */
@Controller('admin/accounts')
export class AccountsController {
  constructor(
    private readonly accounts: AccountDirectory,
    private readonly commands: CommandBus,
    private readonly areas: LocalAuthorityRegister,
    private readonly trail: AuditTrailReadModel,
    private readonly log: SecurityLog,
    private readonly clock: Clock,
  ) {}

  @Get()
  @SignedInPage(Role.ADMIN)
  async list(@Query() query: Fields, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const filter = accountsFilterOf(query ?? {});
    const accounts = await this.accounts.list(filter);
    return reply.view('admin/accounts.njk', {
      rows: accounts.map((account) => accountRowOf(account, this.areaName)),
      filters: accountsFilterItems(filter),
      filtered: filter.role !== undefined || filter.active !== undefined,
    });
  }

  @Get('new')
  @SignedInPage(Role.ADMIN)
  addForm(@Res() reply: FastifyReply): FastifyReply {
    return this.showAdd(reply, emptyAccountForm(newCommandId()));
  }

  @Post('new')
  @SignedInForm(Role.ADMIN)
  async add(
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const form = readAccountForm(fields ?? {}, newCommandId, { reasonRequired: false });
    if (form.problems.length) return this.showAdd(reply, form);
    const refused = await this.send({ actor, context, request, reply }, form, {
      kind: 'AddAccount',
      ...accountDetailsOf(form),
    });
    if (refused) return this.showAdd(reply, refused);
    notify(request, `Account added for ${form.values.name}: they can now sign in`);
    return reply.redirect(accountHref(accountIdFor(form.commandId)), 303);
  }

  @Get(':accountId')
  @SignedInPage(Role.ADMIN)
  async account(
    @Param('accountId') accountId: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const account = await this.found(accountId);
    return this.showAccount(reply, actor, account, emptyAccountForm(newCommandId(), account));
  }

  @Post(':accountId')
  @SignedInForm(Role.ADMIN)
  async change(
    @Param('accountId') accountId: string,
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const account = await this.found(accountId);
    const form = readAccountForm(fields ?? {}, newCommandId, { reasonRequired: true });
    if (form.problems.length) return this.showAccount(reply, actor, account, form);
    const refused = await this.send({ actor, context, request, reply }, form, {
      kind: 'ChangeAccount',
      accountId,
      ...accountDetailsOf(form),
    });
    if (refused) return this.showAccount(reply, actor, account, refused);
    notify(request, `The details of ${form.values.name} have changed`);
    return reply.redirect(accountHref(accountId), 303);
  }

  /** Deactivates, reactivates or ends the sessions of an account, for the reason given. */
  @Post(':accountId/:change')
  @SignedInForm(Role.ADMIN)
  async changeState(
    @Param('accountId') accountId: string,
    @Param('change') change: string,
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    if (!Object.hasOwn(STATE_CHANGES, change)) throw notFound('Page', change);
    const { kind, done } = STATE_CHANGES[change as StateChange];
    const account = await this.found(accountId);
    const stateForm = readReasonForm(change, fields ?? {}, newCommandId);
    const details = emptyAccountForm(newCommandId(), account);
    if (stateForm.error) return this.showAccount(reply, actor, account, details, stateForm);
    const refused = await this.send(
      { actor, context, request, reply },
      {
        ...details,
        commandId: stateForm.commandId,
        values: { ...details.values, reason: stateForm.reason },
      },
      { kind, accountId },
    );
    if (refused) {
      const text = refused.problems[0]?.text ?? '';
      return this.showAccount(reply, actor, account, details, { ...stateForm, error: { text } });
    }
    if (kind === 'EndAccountSessions') {
      // As the security log's own button does: the log shows every session ended.
      await recordSessionsEnded(this.log, { account, actor, request, reason: stateForm.reason });
    }
    notify(request, `${account.name} has been ${done}`);
    return reply.redirect(accountHref(accountId), 303);
  }

  /**
   * Sends the command with the form's id and reason; returns the form with the refusal beside
   * its field, or null once done. A refusal the form cannot say goes on to the pages' filter.
   */
  private async send(
    { actor, context }: Exchange,
    form: AccountForm,
    command: AccountCommand,
  ): Promise<AccountForm | null> {
    try {
      await this.commands.execute(
        new ChangeAccount(
          command,
          commandContextOf(
            { commandId: form.commandId, reason: form.values.reason || undefined },
            actor,
            context.correlationId,
            this.clock.now(),
          ),
        ),
      );
      return null;
    } catch (error) {
      const said = refusalWords(error);
      if (!said) throw error;
      return withProblems(form, { [said.field]: said.text });
    }
  }

  private async found(accountId: string): Promise<Account> {
    const account = await this.accounts.byId(accountId);
    if (!account) throw notFound('Account', accountId);
    return account;
  }

  private readonly areaName = (code: string): string | undefined => this.areas.get(code)?.name;

  private formChoices(form: AccountForm) {
    return {
      form,
      problems: form.problems,
      roles: roleRadios(form.values.role),
      areaGroups: areaCheckboxes(areaGroupsOf(this.areas), form.values.areaCodes),
    };
  }

  private showAdd(reply: FastifyReply, form: AccountForm): FastifyReply {
    return reply
      .code(form.problems.length ? 400 : 200)
      .view('admin/account-new.njk', this.formChoices(form));
  }

  private async showAccount(
    reply: FastifyReply,
    actor: Actor,
    account: Account,
    form: AccountForm,
    stateForm?: ReasonForm,
  ): Promise<FastifyReply> {
    // The account's own stream, newest first: what was done to it, by whom and why.
    const history = await this.trail.page(
      { streamId: `${ACCOUNT_STREAM_PREFIX}${account.id}` },
      historyScopeOf(actor),
      ACCOUNT_HISTORY_SIZE,
      null,
      true,
    );
    const problems = stateForm?.error
      ? [{ text: stateForm.error.text, href: `#${stateForm.change}-reason` }]
      : form.problems;
    return reply.code(problems.length ? 400 : 200).view('admin/account.njk', {
      ...this.formChoices(form),
      problems,
      account: accountRowOf(account, this.areaName),
      accountId: account.id,
      active: account.active,
      stateForm: stateForm ?? null,
      stateCommandId: newCommandId(),
      history: accountHistoryOf(history.entries, this.areaName),
    });
  }
}
