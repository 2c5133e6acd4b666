import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, SecurityLog, TokenRegister } from '@app/access';
import { Actor, InvalidInputError, Role } from '@app/kernel';
import { notify, SignedInForm, SignedInPage } from '../signed-in/signed-in-page';
import {
  expiryChoices,
  type TokenForm,
  tokenFormOf,
  tokenFormProblem,
  tokenRowView,
} from './account-tokens.view';

const EVERYONE = Object.values(Role);

/**
 * A person's API tokens, for the scripts and systems that act for them: listed, created (the
 * token shown once) and revoked. A token acts as its account is at each request, so it can do
 * no more than the person, and nothing once the account is deactivated.
 */
@Controller('account/tokens')
export class AccountTokensController {
  constructor(
    private readonly tokens: TokenRegister,
    private readonly log: SecurityLog,
  ) {}

  @Get()
  @SignedInPage(...EVERYONE)
  async list(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.page(reply, actor, tokenFormOf(undefined), []);
  }

  @Post()
  @SignedInForm(...EVERYONE)
  async create(
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const form = tokenFormOf(body);
    let created;
    try {
      created = await this.tokens.create({
        name: form.name,
        expiresInDays: Number(form.expiresInDays),
        account: actor,
      });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return this.page(reply.code(400), actor, form, [tokenFormProblem(error)]);
    }
    const { token, record } = created;
    await this.log.record({
      kind: 'TOKEN_CREATED',
      method: 'page',
      accountId: actor.id,
      email: null,
      clientAddress: request.ip,
      detail: `${record.name} (${record.id}), until ${record.expiresAt}`,
    });
    // Shown on this answer only (never stored in clear, and the page is not cached).
    return reply.view('account/token-created.njk', {
      token,
      row: tokenRowView(record, Date.now()),
    });
  }

  @Post('revoke')
  @SignedInForm(...EVERYONE)
  async revoke(
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const id = typeof body?.id === 'string' ? body.id : '';
    // NOT_FOUND (the page "not found") for a token that is not the person's own.
    const record = await this.tokens.revoke(id, actor.id);
    await this.log.record({
      kind: 'TOKEN_REVOKED',
      method: 'page',
      accountId: actor.id,
      email: null,
      clientAddress: request.ip,
      detail: `${record.name} (${record.id})`,
    });
    notify(request, `The token ${record.name} is revoked: it is refused from now on`);
    return reply.redirect('/account/tokens', 303);
  }

  private async page(
    reply: FastifyReply,
    actor: Actor,
    form: TokenForm,
    problems: ReturnType<typeof tokenFormProblem>[],
  ): Promise<FastifyReply> {
    const now = Date.now();
    const records = await this.tokens.list(actor.id);
    const errors = Object.fromEntries(problems.map((problem) => [problem.field, problem.text]));
    return reply.view('account/tokens.njk', {
      tokens: records.map((record) => tokenRowView(record, now)).reverse(),
      form,
      choices: expiryChoices(form),
      problems,
      errors,
    });
  }
}
