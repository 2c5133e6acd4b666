import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, CurrentRequest, type RequestContext } from '@app/access';
import { type Account, AccountDirectory, ChangeAccount, type DigestFrequency } from '@app/accounts';
import { type Actor, Clock, commandContextOf } from '@app/kernel';
import { DIGEST_READERS } from '../signed-in/signed-in-actor';
import { notify, SignedInForm, SignedInPage } from '../signed-in/signed-in-page';
import {
  frequencyItems,
  frequencyNotice,
  readFrequencyForm,
  REMINDERS_PATH,
} from './reminder-preferences';

/**
 * A person's choice of digests: weekly, monthly or never. The choice goes to the accounts
 * context as the person's own (its policy lets a person decide this for themselves alone).
 */
@Controller('account')
export class ReminderPreferencesController {
  constructor(
    private readonly accounts: AccountDirectory,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Get('reminders')
  @SignedInPage(...DIGEST_READERS)
  async page(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const account = await this.accounts.byId(actor.id);
    return this.show(reply, account, account?.digest ?? null, null);
  }

  @Post('reminders')
  @SignedInForm(...DIGEST_READERS)
  async choose(
    @Body() fields: Record<string, unknown>,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const account = await this.accounts.byId(actor.id);
    const read = readFrequencyForm(fields ?? {});
    if (!account || 'problem' in read) {
      return this.show(reply, account, null, 'problem' in read ? read.problem : null);
    }
    await this.commands.execute(
      new ChangeAccount(
        { kind: 'ChooseDigestFrequency', accountId: account.id, frequency: read.frequency },
        commandContextOf({}, actor, context.correlationId, this.clock.now()),
      ),
    );
    notify(request, frequencyNotice(read.frequency));
    return reply.redirect(REMINDERS_PATH, 303);
  }

  /** A person signed in with a token has no account, so no digests to choose. */
  private show(
    reply: FastifyReply,
    account: Account | null,
    chosen: DigestFrequency | null,
    problem: { text: string; href: string } | null,
  ): FastifyReply {
    return reply.code(problem ? 400 : 200).view('reminders/preferences.njk', {
      hasAccount: account !== null,
      formAction: REMINDERS_PATH,
      items: frequencyItems(chosen),
      problems: problem ? [problem] : [],
      error: problem ? { text: problem.text } : null,
    });
  }
}
