import { hostname } from 'os';
import { randomBytes } from 'crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Account, AccountDirectory, DigestFrequency } from '@app/accounts';
import { Clock, isoDate, Role } from '@app/kernel';
import { Mailer } from '@app/platform';
import { ProgrammeRollups } from '@app/rollout';
import { contentHash, digestFor, milestonesIn, type ProgrammeFacts } from '../domain/digest';
import { digestMail } from '../domain/digest-mail';
import { type DigestCadence, duePeriod } from '../domain/period';
import { digestMessageId, unsubscribeToken } from '../domain/unsubscribe';
import { DigestsSent } from '../sent/digests-sent';
import { REMINDER_SETTINGS, type ReminderSettings } from './reminder-settings';

/** What became of one person's digest in a run. */
export type DigestOutcomeKind =
  /** Mailed now (a second attempt, after a claim was taken over, says so in `attempt`). */
  | 'SENT'
  /** Nothing overdue or coming due: no mail, and it is recorded so. */
  | 'NOTHING_TO_REPORT'
  /** Before 07:00 on the period's Monday or 1st. */
  | 'NOT_DUE'
  /** Sent already, or recorded with nothing to report, or being sent by another process. */
  | 'ALREADY_HANDLED'
  /** The SMTP server refused it; tried again once the claim expires. */
  | 'FAILED'
  /** A dry run: what a run would do. */
  | 'WOULD_SEND'
  | 'WOULD_RECORD_NOTHING';

export interface DigestOutcome {
  email: string;
  role: Role;
  cadence: DigestCadence;
  period: string | null;
  outcome: DigestOutcomeKind;
  milestones: number;
  attempt?: number;
  detail?: string;
}

/** The roles that get a digest: officers of their areas, board members of everything late. */
const DIGEST_ROLES: readonly Role[] = [Role.LOCAL_AUTHORITY, Role.BOARD_MEMBER];

const wantsDigest = (account: Account | null): account is Account =>
  account !== null &&
  account.active &&
  account.digest !== DigestFrequency.NONE &&
  DIGEST_ROLES.includes(account.role);

/** Lets requests in between two people: sending is slow I/O, building a digest is not. */
const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Sends the digests due: for each active person who wants one, their digest for the period now
 * due, claimed in the record of digests first so that no other process (and no restart of this
 * one) sends it again, then mailed with a Message-ID fixed for the person and period, then
 * recorded as sent (or as nothing to report: no mail).
 */
@Injectable()
export class DigestSender {
  private readonly logger = new Logger('Reminders');
  /** This process, in the claims it makes. */
  private readonly claimant = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(
    private readonly accounts: AccountDirectory,
    private readonly rollups: ProgrammeRollups,
    private readonly mailer: Mailer,
    private readonly sent: DigestsSent,
    private readonly clock: Clock,
    @Inject(REMINDER_SETTINGS) private readonly settings: ReminderSettings,
  ) {}

  /**
   * One run over everyone; `stopping` is asked between people, so a shutdown waits for one
   * mail at most. A dry run claims, sends and records nothing.
   */
  async run(
    options: { dryRun?: boolean; stopping?: () => boolean } = {},
  ): Promise<DigestOutcome[]> {
    const now = this.clock.now();
    const people = (await this.accounts.list({ active: true })).filter(wantsDigest);
    const outcomes: DigestOutcome[] = [];
    let programmes: ProgrammeFacts[] | null = null;
    for (const listed of people) {
      await yieldTurn();
      if (options.stopping?.()) break;
      // The list is the read model's; the account itself is read from its stream, so a person
      // who unsubscribed or was deactivated a moment ago is not mailed.
      const account = await this.accounts.byId(listed.id);
      if (!wantsDigest(account)) continue;
      const cadence = account.digest as DigestCadence;
      const period = duePeriod(cadence, now);
      const base = { email: account.email, role: account.role, cadence, milestones: 0 };
      if (!period) {
        outcomes.push({ ...base, period: null, outcome: 'NOT_DUE' });
        continue;
      }
      programmes ??= await this.programmeFacts();
      const digest = digestFor(account, programmes, isoDate(now))!;
      const milestones = milestonesIn(digest);
      const outcome = { ...base, period: period.key, milestones };
      if (options.dryRun) {
        const record = await this.sent.find(account.id, period.key);
        outcomes.push({
          ...outcome,
          outcome: record ? 'ALREADY_HANDLED' : milestones ? 'WOULD_SEND' : 'WOULD_RECORD_NOTHING',
          ...(record ? { detail: record.state } : {}),
        });
        continue;
      }
      const messageId = digestMessageId(account.id, period.key, this.mailDomain);
      const attempt = await this.sent.claim({
        accountId: account.id,
        period: period.key,
        contentHash: contentHash(period.key, digest),
        messageId,
        claimant: this.claimant,
        // Claims time real work, so they run on the machine's clock, not the business clock
        // (which tests pin): a claim must expire when its holder has really gone.
        now: Date.now(),
        until: Date.now() + this.settings.claimMs,
      });
      if (attempt === null) {
        outcomes.push({ ...outcome, outcome: 'ALREADY_HANDLED' });
        continue;
      }
      if (milestones === 0) {
        await this.settle(account, period.key, 'NOTHING_TO_REPORT');
        outcomes.push({ ...outcome, outcome: 'NOTHING_TO_REPORT' });
        continue;
      }
      try {
        const links = await this.links(account);
        await this.mailer.send({
          to: account.email,
          ...digestMail(account, cadence, period, digest, links),
          messageId,
          headers: {
            // RFC 8058: mail systems offer "unsubscribe" and POST to it without a browser.
            'List-Unsubscribe': `<${links.unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          },
        });
      } catch (error) {
        this.logger.error({
          msg: 'digest not sent; tried again once its claim expires',
          account: account.id,
          period: period.key,
          error: (error as Error).message,
        });
        outcomes.push({ ...outcome, outcome: 'FAILED', detail: (error as Error).message });
        continue;
      }
      await this.settle(account, period.key, 'SENT');
      if (attempt > 1) {
        this.logger.warn({
          msg: 'digest sent again under the same Message-ID: an earlier claim on it expired unsettled',
          account: account.id,
          period: period.key,
          attempt,
        });
      }
      outcomes.push({ ...outcome, outcome: 'SENT', attempt });
    }
    return outcomes;
  }

  private async settle(
    account: Account,
    period: string,
    state: 'SENT' | 'NOTHING_TO_REPORT',
  ): Promise<void> {
    const settled = await this.sent.settle({
      accountId: account.id,
      period,
      claimant: this.claimant,
      state,
      // When it really went, whatever day the business clock says it is.
      at: new Date().toISOString(),
    });
    if (!settled) {
      this.logger.warn({
        msg: 'another process took over this digest while it was being sent (its claim expired): raise REMINDERS_CLAIM_SECONDS',
        account: account.id,
        period,
      });
    }
  }

  /** Every programme's areas on today, as the pages read them (the read model's roll-ups). */
  private async programmeFacts(): Promise<ProgrammeFacts[]> {
    const facts: ProgrammeFacts[] = [];
    for (const programme of await this.rollups.programmes()) {
      facts.push({ programme, areas: (await this.rollups.rollup(programme)).areas });
    }
    return facts;
  }

  private async links(account: Account) {
    const site = this.settings.publicUrl;
    const token = unsubscribeToken(await this.sent.unsubscribeSecret(), account.id);
    return {
      page: `${site}${account.role === Role.LOCAL_AUTHORITY ? '/report' : '/overview'}`,
      preferences: `${site}/account/reminders`,
      unsubscribe: `${site}/unsubscribe/${encodeURIComponent(token)}`,
    };
  }

  /** The Message-IDs' domain: the site's host. */
  private get mailDomain(): string {
    return new URL(this.settings.publicUrl).hostname;
  }
}
