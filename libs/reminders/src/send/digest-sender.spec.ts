import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { type Account, AccountDirectory, DigestFrequency } from '@app/accounts';
import { LocalAuthorityRegister } from '@app/areas';
import { FixedClock, Role } from '@app/kernel';
import { SmtpMailer } from '@app/platform';
import { type ProgrammeRollups, type ProgrammeState, rollUp } from '@app/rollout';
import { SqliteDigestsSent } from '../sent/sqlite-digests-sent';
import { startSmtpSink } from '../../../platform/src/testing/smtp-sink';
import { digestMessageId } from '../domain/unsubscribe';
import { DigestSender } from './digest-sender';

/** Saturday 5 December 2026, in ISO week 49: the week's digests have been due since Monday. */
const NOW = new Date('2026-12-05T09:00:00Z');
const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';
const MANCHESTER = 'E08000003';

const programme: ProgrammeState = {
  id: 'hubs',
  name: 'Family hubs',
  recommendations: ['CSC-1'],
  milestones: [
    { key: 'plan', title: 'Plan agreed', description: null, targetDate: '2026-09-01' },
    { key: 'open', title: 'First hub open', description: null, targetDate: '2026-12-20' },
  ],
  version: 2,
  facts: [],
  nationalMilestones: [],
  createdAt: '2026-01-01T00:00:00.000Z',
};
const achieved = { achievedOn: '2026-08-01', note: null, evidence: [] };
const rollout = (areaCode: string, achievements = {}) => ({
  programmeId: 'hubs',
  areaCode,
  version: 1,
  enrolledOn: '2026-02-01',
  pilot: false,
  wave: null,
  withdrawnOn: null,
  achievements,
  targets: {},
  status: null,
});
/** The rollout context's roll-up of the programme, as the read model would answer it. */
const rollups = {
  programmes: () => Promise.resolve([programme]),
  rollup: () =>
    Promise.resolve(
      rollUp(
        programme,
        [
          rollout(LAMBETH),
          rollout(SOUTHWARK, { plan: achieved }),
          rollout(MANCHESTER, { plan: achieved, open: achieved }),
        ],
        new Map(),
        LocalAuthorityRegister.shipped(),
        '2026-12-05',
      ),
    ),
} as unknown as ProgrammeRollups;

const account = (id: string, changes: Partial<Account>): Account => ({
  id,
  email: `${id}@example.gov.uk`,
  name: `Person ${id}`,
  role: Role.LOCAL_AUTHORITY,
  organisation: 'Somewhere',
  areaCodes: [LAMBETH],
  active: true,
  digest: DigestFrequency.WEEKLY,
  sessionsEndedAt: null,
  version: 1,
  ...changes,
});

/** The accounts as the accounts context would list them. */
class Directory extends AccountDirectory {
  constructor(readonly accounts: Account[]) {
    super();
  }
  byId(id: string) {
    return Promise.resolve(this.accounts.find((a) => a.id === id) ?? null);
  }
  byEmail(email: string) {
    return Promise.resolve(this.accounts.find((a) => a.email === email) ?? null);
  }
  list(filter: { active?: boolean } = {}) {
    return Promise.resolve(
      this.accounts.filter((a) => filter.active === undefined || a.active === filter.active),
    );
  }
}

const people = () =>
  new Directory([
    account('two-areas', { areaCodes: [LAMBETH, SOUTHWARK] }),
    account('board', { role: Role.BOARD_MEMBER, areaCodes: [], digest: DigestFrequency.MONTHLY }),
    account('none', { digest: DigestFrequency.NONE }),
    account('gone', { active: false }),
    account('auditor', { role: Role.AUDITOR, areaCodes: [] }),
    account('all-done', { areaCodes: [MANCHESTER] }),
  ]);

describe('sending the digests due', () => {
  let dir: string;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let mailer: SmtpMailer;
  const stores: SqliteDigestsSent[] = [];
  /** A process: a sender with a store of its own on the shared file. */
  const sender = (directory = people(), clock = new FixedClock(NOW)) => {
    const store = new SqliteDigestsSent(join(dir, 'access.sqlite'));
    stores.push(store);
    return new DigestSender(directory, rollups, mailer, store, clock, {
      publicUrl: 'https://tracker.example',
      intervalSeconds: 0,
      claimMs: 60_000,
    });
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'digest-sender-'));
    smtp = await startSmtpSink();
    mailer = new SmtpMailer(smtp.url, 'Reform Tracker <no-reply@tracker.example>');
  });
  afterEach(async () => {
    mailer.close();
    await smtp.close();
    for (const store of stores.splice(0)) store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('mails each person who wants one their digest, once, with one-click unsubscribe', async () => {
    const outcomes = await sender().run();
    expect(outcomes.map((o) => [o.email, o.period, o.outcome, o.milestones])).toEqual([
      ['two-areas@example.gov.uk', '2026-W49', 'SENT', 3],
      ['board@example.gov.uk', '2026-12', 'SENT', 1],
      ['all-done@example.gov.uk', '2026-W49', 'NOTHING_TO_REPORT', 0],
    ]);
    expect(smtp.received.map((mail) => mail.to).sort()).toEqual([
      'board@example.gov.uk',
      'two-areas@example.gov.uk',
    ]);
    const officer = smtp.received.find((mail) => mail.to === 'two-areas@example.gov.uk')!;
    expect(officer.text).toContain(
      '- Family hubs, Lambeth: Plan agreed. Due 1 September 2026, 95 days overdue. Escalated: 90 days overdue (escalation level 3).',
    );
    expect(officer.text).toContain('- Family hubs, Lambeth: First hub open. Due 20 December 2026.');
    expect(officer.text).toContain(
      '- Family hubs, Southwark: First hub open. Due 20 December 2026.',
    );
    expect(officer.text).toContain('See them and report progress: https://tracker.example/report');
    expect(officer.messageId).toMatch(/^<digest\.2026-W49\.[0-9a-f]{32}@tracker\.example>$/);
    expect(officer.header('List-Unsubscribe')).toMatch(
      /^<https:\/\/tracker\.example\/unsubscribe\/two-areas\.[\w-]{43}>$/,
    );
    expect(officer.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const board = smtp.received.find((mail) => mail.to === 'board@example.gov.uk')!;
    expect(board.text).toContain('Family hubs, London (1 overdue):');
    expect(board.text).toContain(
      'See what is late on the overview: https://tracker.example/overview',
    );
  });

  it('sends nothing again from another process, nor from the same one run again', async () => {
    await sender().run();
    const again = await sender().run();
    expect(again.map((o) => o.outcome)).toEqual([
      'ALREADY_HANDLED',
      'ALREADY_HANDLED',
      'ALREADY_HANDLED',
    ]);
    expect(smtp.received).toHaveLength(2);
  });

  it('sends only one of two processes running at once', async () => {
    const [a, b] = await Promise.all([sender().run(), sender().run()]);
    const sent = [...a, ...b].filter((o) => o.outcome === 'SENT');
    expect(sent).toHaveLength(2);
    expect(smtp.received).toHaveLength(2);
    expect(new Set(smtp.received.map((mail) => mail.messageId)).size).toBe(2);
  });

  it('takes over a claim whose process died, and sends the digest under its one Message-ID', async () => {
    // A process claimed a person's digest and died before settling it: its claim has expired.
    const dead = new SqliteDigestsSent(join(dir, 'access.sqlite'));
    stores.push(dead);
    const messageId = digestMessageId('two-areas', '2026-W49', 'tracker.example');
    expect(
      await dead.claim({
        accountId: 'two-areas',
        period: '2026-W49',
        contentHash: 'what the dead process saw',
        messageId,
        claimant: 'dead',
        now: Date.now() - 120_000,
        until: Date.now() - 60_000,
      }),
    ).toBe(1);
    const outcomes = await sender().run();
    expect(outcomes[0]).toMatchObject({ period: '2026-W49', outcome: 'SENT', attempt: 2 });
    expect(smtp.received.find((mail) => mail.to === 'two-areas@example.gov.uk')!.messageId).toBe(
      messageId,
    );
    expect(await dead.find('two-areas', '2026-W49')).toMatchObject({ state: 'SENT', attempts: 2 });
  });

  it('waits for 07:00 on Monday, and says what a dry run would do without sending', async () => {
    const early = new FixedClock(new Date('2026-12-07T06:59:00Z'));
    expect((await sender(people(), early).run()).map((o) => o.outcome)).toEqual([
      'NOT_DUE',
      'SENT',
      'NOT_DUE',
    ]);
    const dry = await sender().run({ dryRun: true });
    expect(dry.map((o) => [o.email, o.outcome])).toEqual([
      ['two-areas@example.gov.uk', 'WOULD_SEND'],
      ['board@example.gov.uk', 'ALREADY_HANDLED'],
      ['all-done@example.gov.uk', 'WOULD_RECORD_NOTHING'],
    ]);
    expect(smtp.received.map((mail) => mail.to)).toEqual(['board@example.gov.uk']);
  });

  it('does not mail a person who unsubscribed since the list was read', async () => {
    const directory = people();
    const listed = directory.list.bind(directory);
    directory.list = async (filter) => {
      const accounts = await listed(filter);
      directory.accounts[0] = { ...directory.accounts[0], digest: DigestFrequency.NONE };
      return accounts;
    };
    await sender(directory).run();
    expect(smtp.received.map((mail) => mail.to)).toEqual(['board@example.gov.uk']);
  });
});
