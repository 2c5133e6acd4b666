import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@app/access';
import {
  type Account,
  AccountDirectory,
  actorOfAccount,
  ChangeAccount,
  DigestFrequency,
} from '@app/accounts';
import { Clock, commandContextOf } from '@app/kernel';
import { accountOfUnsubscribeToken, DigestsSent } from '@app/reminders';
import { sendNotFoundPage } from '../layout/not-found-page';
import { setPageHeaders } from '../layout/public-page';
import { SiteSettings } from '../layout/site-settings';

/**
 * The one-click unsubscribe link of every digest (RFC 8058), which needs no sign-in: the
 * token in its address, an HMAC of the account's id, is the proof. GET shows a page with a
 * button, because mail scanners fetch the links in mail and a GET must change nothing; POST
 * stops the person's digests, as the person (the accounts context records it as chosen by the
 * link), once: a second POST changes nothing.
 */
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly accounts: AccountDirectory,
    private readonly digests: DigestsSent,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly settings: SiteSettings,
  ) {}

  @Get(':token')
  @Public()
  page(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.answer(token, request, reply, (account) => ({
      view: 'reminders/unsubscribe.njk',
      data: { action: `/unsubscribe/${encodeURIComponent(token)}`, stopped: !getsDigests(account) },
    }));
  }

  /**
   * Mail systems POST here from the List-Unsubscribe-Post header, with no cookie and no page
   * before it, so this form takes no CSRF token, by design: what a forged POST could do is
   * only what the link itself does, for the one person whose secret link the sender holds.
   */
  @Post(':token')
  @Public()
  unsubscribe(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.answer(token, request, reply, async (account) => {
      if (getsDigests(account)) {
        await this.commands.execute(
          new ChangeAccount(
            {
              kind: 'ChooseDigestFrequency',
              accountId: account.id,
              frequency: DigestFrequency.NONE,
              byUnsubscribeLink: true,
            },
            commandContextOf(
              { reason: 'Unsubscribed by the link in a digest' },
              actorOfAccount(account),
              `unsubscribe:${randomUUID()}`,
              this.clock.now(),
            ),
          ),
        );
      }
      return { view: 'reminders/unsubscribed.njk' };
    });
  }

  /** The page `respond` gives for the token's account, or not found for a token this server did not make. */
  private async answer(
    token: string,
    request: FastifyRequest,
    reply: FastifyReply,
    respond: (account: Account) => Page | Promise<Page>,
  ): Promise<FastifyReply> {
    const account = await this.accountOf(token);
    if (!account) return sendNotFoundPage(request, reply, this.settings);
    const { view, data } = await respond(account);
    setPageHeaders(reply, request, this.settings);
    void reply.header('cache-control', 'no-store');
    // The token is in the address: it goes to no other site.
    void reply.header('referrer-policy', 'no-referrer');
    // A page, after a POST too (where Nest would answer 201 Created).
    return reply.code(200).view(view, data);
  }

  /** The account a token was made for, if this server made it and the account is there. */
  private async accountOf(token: string): Promise<Account | null> {
    const accountId = accountOfUnsubscribeToken(await this.digests.unsubscribeSecret(), token);
    return accountId ? this.accounts.byId(accountId) : null;
  }
}

/** A page of this controller: its template and what it shows. */
interface Page {
  view: string;
  data?: object;
}

/** A deactivated account gets no digests either: nothing to stop. */
const getsDigests = (account: Account): boolean =>
  account.active && account.digest !== DigestFrequency.NONE;
