import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, CurrentRequest, type RequestContext, SecurityLog } from '@app/access';
import { AccountDirectory, ChangeAccount } from '@app/accounts';
import { Actor, Clock, commandContextOf, DomainError, ErrorCode, Role } from '@app/kernel';
import { notify, SignedInForm, SignedInPage } from '../signed-in/signed-in-page';
import {
  SECURITY_LOG_PAGE_SIZE,
  securityLogHref,
  securityLogPageOf,
  securityLogRequestOf,
} from './security-log.view';
import { recordSessionsEnded } from './sessions-ended';

/**
 * The security log for admins: every sign-in, sign-out and refusal, newest first, by email;
 * and ending all of a person's sessions, by the accounts context's command.
 */
@Controller('admin/security-log')
export class SecurityLogController {
  constructor(
    private readonly log: SecurityLog,
    private readonly accounts: AccountDirectory,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Get()
  @SignedInPage(Role.ADMIN)
  async securityLog(
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const request = securityLogRequestOf(query);
    const entries = await this.log.list({
      limit: SECURITY_LOG_PAGE_SIZE,
      before: request.before,
      email: request.email || undefined,
    });
    const accountEmails = new Map(
      (await this.accounts.list()).map((account) => [account.id, account.email]),
    );
    return reply.view('admin/security-log.njk', {
      email: request.email,
      ...securityLogPageOf(request, entries, accountEmails),
    });
  }

  /** Ends every session of the account, on every process, from its next request on. */
  @Post('end-sessions')
  @SignedInForm(Role.ADMIN)
  async endSessions(
    @Body() form: { accountId?: unknown; email?: unknown },
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const accountId = typeof form?.accountId === 'string' ? form.accountId : '';
    const account = accountId ? await this.accounts.byId(accountId) : null;
    if (!account) throw new DomainError(ErrorCode.NOT_FOUND, 'No account has this id');
    await this.commands.execute(
      new ChangeAccount(
        { kind: 'EndAccountSessions', accountId },
        commandContextOf(
          { reason: 'Ended by an admin from the security log' },
          actor,
          context.correlationId,
          this.clock.now(),
        ),
      ),
    );
    await recordSessionsEnded(this.log, { account, actor, request });
    notify(request, `Every session of ${account.email} has ended`);
    const email = typeof form.email === 'string' ? form.email : '';
    return reply.redirect(securityLogHref({ email }), 303);
  }
}
