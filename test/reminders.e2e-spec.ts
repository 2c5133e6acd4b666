import { execFile } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { promisify } from 'util';
import { startSmtpSink, type ReceivedMail } from '../libs/platform/src/testing/smtp-sink';
import { SignedInClient } from './support/signed-in-client';
import { E2E_EVENT_STORE, ROOT, TrackerServer } from './support/tracker-server';

/**
 * Digests end to end: the built server and the `tracker` CLI mailing a real SMTP server started
 * here, with "now" pinned (CLOCK_FIXED_AT) on the shipped programmes. On 7 December 2026 (a
 * Monday, ISO week 50) ten areas of the Families First for Children pathfinder are 616 days late
 * with their evaluation data, and the South East's Regional Care Cooperative pathfinder areas are
 * late launching it (Greater Manchester's launched); the tests add a milestone 67 days late in
 * Redbridge and one due in 13 days in Lewisham.
 */
const MONDAY = '2026-12-07T09:00:00Z';
const NEXT_MONDAY = '2026-12-14T09:00:00Z';
const PROGRAMME = 'families-first-for-children';
const LEWISHAM = 'E09000023';
const REDBRIDGE = 'E09000026';
const WALSALL = 'E08000030';
const LUTON = 'E06000032';
/**
 * Enrolled only in programmes whose milestones have no target date (Families First Partnership, a
 * fostering recruitment hub): its officer has nothing to report.
 */
const HARTLEPOOL = 'E06000001';
/** The ten areas late with their evaluation data on MONDAY. */
const LATE_AREAS = [
  'Dorset',
  'Lewisham',
  'Lincolnshire',
  'Luton',
  'Redbridge',
  'Walsall',
  'Warrington',
  'Warwickshire',
  'Wirral',
  'Wolverhampton',
];

/**
 * How many milestones the shipped data has overdue on `today` (YYYY-MM-DD): each milestone with a
 * target date before it, in each area of its programme that the data does not record achieving it.
 */
function shippedOverdue(today: string): number {
  const read = <T>(file: string): T =>
    JSON.parse(readFileSync(join(ROOT, 'reference-data', file), 'utf8')) as T;
  const { programmes } = read<{
    programmes: { id: string; areas?: string[]; pilotAreas?: string[] }[];
  }>('programmes.json');
  const { programmes: milestones, achievements } = read<{
    programmes: Record<string, { milestones: { key: string; targetDate?: string }[] }>;
    achievements: { programmeId: string; milestoneKey: string; areas: string[] }[];
  }>('programme-milestones.json');
  let overdue = 0;
  for (const programme of programmes) {
    const areas = new Set([...(programme.pilotAreas ?? []), ...(programme.areas ?? [])]);
    for (const { key, targetDate } of milestones[programme.id]?.milestones ?? []) {
      if (!targetDate || targetDate >= today) continue;
      const achieved = new Set(
        achievements
          .filter((a) => a.programmeId === programme.id && a.milestoneKey === key)
          .flatMap((a) => a.areas),
      );
      overdue += [...areas].filter((area) => !achieved.has(area)).length;
    }
  }
  return overdue;
}
/** What the board's digest lists on MONDAY: the shipped data's overdue, and Redbridge's plan. */
const BOARD_MILESTONES = shippedOverdue(MONDAY.slice(0, 10)) + 1;

const SET_TARGET = `mutation($input: SetMilestoneTargetInput!) { setMilestoneTarget(input: $input) { id } }`;

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Adds an account through the CLI, as an admin would; returns its id. */
function addAccount(
  server: TrackerServer,
  email: string,
  role: string,
  areas: string[] = [],
): string {
  return server.tracker(
    'account',
    'add',
    '--email',
    email,
    '--name',
    email.split('@')[0],
    '--role',
    role,
    '--organisation',
    'Somewhere',
    ...areas.flatMap((area) => ['--area', area]),
  );
}

/**
 * `tracker reminders send ...` on the server's data; not blocking, as `server.tracker` does: the
 * SMTP server it mails runs in this process.
 */
async function sendReminders(server: TrackerServer, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'bin/tracker'), 'reminders', 'send', ...args],
    { env: server.env, encoding: 'utf8' },
  );
  return stdout.trim();
}

const mailsTo = (mails: ReceivedMail[], email: string) => mails.filter((mail) => mail.to === email);

/** Each person's deliveries, by Message-ID and by content: more than one of either is a repeat. */
function deliveries(mails: ReceivedMail[]) {
  const byPerson = new Map<string, { count: number; ids: Set<string>; texts: Set<string> }>();
  for (const mail of mails) {
    const person = byPerson.get(mail.to) ?? { count: 0, ids: new Set(), texts: new Set() };
    person.count++;
    person.ids.add(mail.messageId);
    person.texts.add(mail.text);
    byPerson.set(mail.to, person);
  }
  return [...byPerson].map(([to, { count, ids, texts }]) => [to, count, ids.size, texts.size]);
}

describe('digests of milestones', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let server: TrackerServer;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    smtp = await startSmtpSink();
    server = new TrackerServer('reminders', {
      SMTP_URL: smtp.url,
      CLOCK_FIXED_AT: MONDAY,
      REMINDERS_INTERVAL_SECONDS: '0',
    });
    await server.start();
    admin = server.createToken('ADMIN', 'Admin');
    for (const [areaCode, milestoneKey, targetDate] of [
      [REDBRIDGE, 'pathfinder-plan-agreed', '2026-10-01'],
      [LEWISHAM, 'family-help-launched', '2026-12-20'],
      [LEWISHAM, 'family-network-support', '2027-03-01'],
    ]) {
      const { errors } = await server.gql(
        SET_TARGET,
        { input: { programmeId: PROGRAMME, areaCode, milestoneKey, targetDate, reason: 'Agreed' } },
        admin,
      );
      expect(errors).toBeUndefined();
    }
    ids.officer = addAccount(server, 'two.areas@example.gov.uk', 'LOCAL_AUTHORITY', [
      LEWISHAM,
      REDBRIDGE,
    ]);
    ids.board = addAccount(server, 'board@example.gov.uk', 'BOARD_MEMBER');
    ids.quitter = addAccount(server, 'walsall@example.gov.uk', 'LOCAL_AUTHORITY', [WALSALL]);
    ids.gone = addAccount(server, 'luton@example.gov.uk', 'LOCAL_AUTHORITY', [LUTON]);
    ids.quiet = addAccount(server, 'hartlepool@example.gov.uk', 'LOCAL_AUTHORITY', [HARTLEPOOL]);
    ids.auditor = addAccount(server, 'auditor@example.gov.uk', 'AUDITOR');
    server.tracker('account', 'deactivate', 'luton@example.gov.uk', '--reason', 'Left');
  }, 120_000);

  afterAll(async () => {
    await server?.dispose();
    await smtp?.close();
  });

  it('sends each officer their areas and each board member everything late, once per period', async () => {
    // Ten pathfinder areas late with evaluation data, the South East's fifteen late launching
    // their cooperative, and Redbridge's plan.
    expect(BOARD_MILESTONES).toBe(26);
    const dryRun = await sendReminders(server, '--dry-run');
    expect(dryRun.split('\n').sort()).toEqual([
      `board@example.gov.uk\tBOARD_MEMBER\tWEEKLY\t2026-W50\twould send: ${BOARD_MILESTONES} milestones`,
      'hartlepool@example.gov.uk\tLOCAL_AUTHORITY\tWEEKLY\t2026-W50\tnothing to report: would send no mail',
      'two.areas@example.gov.uk\tLOCAL_AUTHORITY\tWEEKLY\t2026-W50\twould send: 4 milestones',
      'walsall@example.gov.uk\tLOCAL_AUTHORITY\tWEEKLY\t2026-W50\twould send: 1 milestone',
    ]);
    expect(smtp.received).toHaveLength(0);

    const sent = await sendReminders(server);
    expect(sent.split('\n').sort()).toEqual([
      `board@example.gov.uk\tBOARD_MEMBER\tWEEKLY\t2026-W50\tsent: ${BOARD_MILESTONES} milestones`,
      'hartlepool@example.gov.uk\tLOCAL_AUTHORITY\tWEEKLY\t2026-W50\tnothing to report: no mail, recorded',
      'two.areas@example.gov.uk\tLOCAL_AUTHORITY\tWEEKLY\t2026-W50\tsent: 4 milestones',
      'walsall@example.gov.uk\tLOCAL_AUTHORITY\tWEEKLY\t2026-W50\tsent: 1 milestone',
    ]);
    expect(smtp.received.map((mail) => mail.to).sort()).toEqual([
      'board@example.gov.uk',
      'two.areas@example.gov.uk',
      'walsall@example.gov.uk',
    ]);

    const [officer] = mailsTo(smtp.received, 'two.areas@example.gov.uk');
    expect(officer.subject).toBe(
      'Reform Tracker digest for the week of 7 December 2026: 4 milestones for Lewisham and Redbridge',
    );
    const family = 'Families First for Children pathfinder';
    expect(officer.text).toContain(
      [
        'Overdue (3):',
        `- ${family}, Lewisham: Evaluation data returned. Due 31 March 2025, 616 days overdue. Escalated: 90 days overdue (escalation level 3).`,
        `- ${family}, Redbridge: Evaluation data returned. Due 31 March 2025, 616 days overdue. Escalated: 90 days overdue (escalation level 3).`,
        `- ${family}, Redbridge: Pathfinder plan agreed. Due 1 October 2026, 67 days overdue. Escalated: 60 days overdue (escalation level 2).`,
        '',
        'Due in the next 30 days (1):',
        `- ${family}, Lewisham: Family Help service launched. Due 20 December 2026.`,
      ].join('\n'),
    );
    expect(officer.text).toContain(`See them and report progress: ${server.url}/report`);
    expect(officer.text).not.toContain('Family network support');

    const [board] = mailsTo(smtp.received, 'board@example.gov.uk');
    for (const area of LATE_AREAS)
      expect(board.text).toContain(`- ${area}: Evaluation data returned.`);
    expect(board.text).toContain(`${family}, London (3 overdue):`);
    expect(board.text).toContain(`${family}, West Midlands (3 overdue):`);
    const cooperatives = 'Regional Care Cooperative pathfinders';
    expect(board.text).toContain(`${cooperatives}, South East (15 overdue):`);
    expect(board.text).toContain(
      '- Brighton and Hove: Cooperative launched. Due 31 March 2026, 251 days overdue.',
    );
    // Greater Manchester's cooperative launched in May 2025: none of its areas is late.
    expect(board.text).not.toContain(`${cooperatives}, North West`);
    expect(board.text).toContain(`See what is late on the overview: ${server.url}/overview`);

    // Sent is sent: another run (another process) sends nothing again.
    expect(await sendReminders(server)).toContain('already handled: sent');
    expect(smtp.received).toHaveLength(3);
  }, 60_000);

  it("stops a person's digests by the one-click POST of the link in their mail, writing one event", async () => {
    const [mail] = mailsTo(smtp.received, 'walsall@example.gov.uk');
    expect(mail.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const link = /^<(.+)>$/.exec(mail.header('List-Unsubscribe'))![1];
    expect(link).toMatch(new RegExp(`^${server.url}/unsubscribe/${ids.quitter}\\.[\\w-]{43}$`));
    expect(mail.text).toContain(`To stop these digests now: ${link}`);
    const events = () =>
      server
        .tracker(
          'export',
          'audit',
          '--stream',
          `account-${ids.quitter}`,
          '--format',
          'jsonl',
          '--token',
          admin,
        )
        .split('\n')
        .filter((line) => line.includes('DigestFrequencyChosen'));

    // A GET, as a mail scanner makes, changes nothing: it shows a button.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Stop my digests');
    expect(events()).toHaveLength(0);

    const oneClick = () =>
      fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
    const first = await oneClick();
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Your digests have stopped');
    expect(events()).toHaveLength(1);
    expect(JSON.parse(events()[0])).toMatchObject({
      data: { frequency: 'NONE', by: 'UNSUBSCRIBE_LINK' },
    });
    expect((await oneClick()).status).toBe(200);
    expect(events()).toHaveLength(1);

    // A link this server did not make is not found, and changes nothing.
    const forged = await fetch(link.replace(/\.[\w-]+$/, '.forged'), { method: 'POST' });
    expect(forged.status).toBe(404);
  }, 60_000);

  /**
   * Signs in as a person does, by the link mailed to them; the sign-in mail is taken out of
   * what the SMTP server received, as it is no digest.
   */
  const signIn = async (email: string): Promise<SignedInClient> => {
    const client = new SignedInClient(server.url);
    await client.get('/sign-in');
    expect((await client.postForm('/sign-in', { email })).status).toBe(200);
    const isLink = (mail: ReceivedMail) => mail.to === email && /sign-in\/link/.test(mail.text);
    await until(() => smtp.received.some(isLink));
    const [mail] = smtp.received.splice(smtp.received.findIndex(isLink), 1);
    const link = /https?:\/\/\S+\/sign-in\/link\/[\w-]+(?:\?\S*)?/.exec(mail.text)![0];
    expect((await client.followLink(link)).status).toBe(303);
    return client;
  };

  it("shows the escalation on the officer's report and the board's overview, in the words of the digests", async () => {
    const officer = await signIn('two.areas@example.gov.uk');
    const report = (await officer.get('/report')).text;
    expect(report).toMatch(
      /Evaluation data returned \(31 March 2025\) <strong class="govuk-tag govuk-tag--red">\s*Escalated: 90 days overdue/,
    );
    const board = await signIn('board@example.gov.uk');
    const overview = (await board.get('/overview')).text;
    expect(overview).toContain('<th scope="col" class="govuk-table__header">Escalation</th>');
    expect(overview).toMatch(/govuk-tag--red">\s*Escalated: 90 days overdue/);
  }, 60_000);

  it('lets a signed-in person choose how often their digest comes, as their own choice', async () => {
    const officer = await signIn('two.areas@example.gov.uk');
    const events = () =>
      server
        .tracker(
          'export',
          'audit',
          '--stream',
          `account-${ids.officer}`,
          '--format',
          'jsonl',
          '--token',
          admin,
        )
        .split('\n')
        .filter((line) => line.includes('DigestFrequencyChosen'));
    const page = await officer.get('/account/reminders');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/value="WEEKLY" checked/);
    // Without the form's CSRF token: refused, nothing written.
    expect(
      (await officer.postForm('/account/reminders', { frequency: 'MONTHLY' }, { csrf: null }))
        .status,
    ).toBe(403);
    // No choice: the problem in words.
    const none = await officer.postForm('/account/reminders', {});
    expect(none.status).toBe(400);
    expect(none.text).toContain('Select how often you want a digest of milestones');
    expect(events()).toHaveLength(0);

    expect((await officer.postForm('/account/reminders', { frequency: 'MONTHLY' })).status).toBe(
      303,
    );
    const after = await officer.get('/account/reminders');
    expect(after.text).toContain('You will get a digest every month');
    expect(after.text).toMatch(/value="MONTHLY" checked/);
    expect(events().map((line) => (JSON.parse(line) as { data: unknown }).data)).toEqual([
      { frequency: 'MONTHLY', by: 'PERSON' },
    ]);
    // Back to weekly, for next week's digest below.
    expect((await officer.postForm('/account/reminders', { frequency: 'WEEKLY' })).status).toBe(
      303,
    );
    expect(events()).toHaveLength(2);
  }, 90_000);

  it("sends next week's digests on the server's schedule, to those who still want them", async () => {
    await server.stop();
    server.env.CLOCK_FIXED_AT = NEXT_MONDAY;
    server.env.REMINDERS_INTERVAL_SECONDS = '1';
    await server.start();
    await until(() => smtp.received.length >= 5);
    // Two more looks: nobody else is mailed (Walsall's officer unsubscribed, Hartlepool's has
    // nothing to report, Luton's is deactivated, auditors get no digest).
    await pause(2500);
    expect(smtp.received.map((mail) => mail.to).sort()).toEqual([
      'board@example.gov.uk',
      'board@example.gov.uk',
      'two.areas@example.gov.uk',
      'two.areas@example.gov.uk',
      'walsall@example.gov.uk',
    ]);
    const [, next] = mailsTo(smtp.received, 'two.areas@example.gov.uk');
    expect(next.subject).toContain('the week of 14 December 2026');
    expect(next.messageId).toMatch(/^<digest\.2026-W51\./);
  }, 90_000);
});

describe('digests across a crash in the middle of sending', () => {
  /** Officers of ten late areas, each to get one digest; the SMTP server takes 1.5 s a mail. */
  const officers = LATE_AREAS.map((name) => `${name.toLowerCase()}@example.gov.uk`);
  const processes: TrackerServer[] = [];
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

  afterAll(async () => {
    for (const server of processes.reverse()) await server.dispose();
    await smtp?.close();
  });

  it('gets every digest out once after a kill -9 mid-run and a restart, with a second process on the same database', async () => {
    smtp = await startSmtpSink({ delayMs: 1500 });
    const first = new TrackerServer('reminders-crash', {
      SMTP_URL: smtp.url,
      CLOCK_FIXED_AT: MONDAY,
      REMINDERS_INTERVAL_SECONDS: '0',
      REMINDERS_CLAIM_SECONDS: '4',
    });
    processes.push(first);
    await first.start();
    const areaCodes = JSON.parse(first.tracker('areas', '--format', 'json')) as {
      areaCode: string;
      name: string;
    }[];
    for (const [index, email] of officers.entries()) {
      const area = areaCodes.find((candidate) => candidate.name === LATE_AREAS[index])!;
      addAccount(first, email, 'LOCAL_AUTHORITY', [area.areaCode]);
    }
    // Now the schedule: on PostgreSQL a second API process on the same database looks too.
    await first.stop();
    first.env.REMINDERS_INTERVAL_SECONDS = '1';
    await first.start();
    if (E2E_EVENT_STORE === 'postgres') {
      const second = new TrackerServer('reminders-crash-b', {}, first, { ownDataDir: true });
      processes.push(second);
      await second.start();
    }

    // Kill the first process in the middle of a mail: after two are delivered, while the SMTP
    // server holds the next one (it takes 1.5 s to accept each).
    await until(() => smtp.received.length >= 2 && smtp.inFlight.count > 0);
    expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const beforeRestart = smtp.received.length;
    expect(beforeRestart).toBeLessThan(officers.length);
    // The kill cut that mail short (on PostgreSQL it may have been the second process's).
    if (E2E_EVENT_STORE === 'sqlite') await until(() => smtp.abandoned.count === 1, 5000);
    await first.start();

    await until(
      () => new Set(smtp.received.map((mail) => mail.to)).size === officers.length,
      90_000,
    );
    // Past any claim the killed process held, and a few more looks: nothing more is sent.
    await pause(6000);
    expect(deliveries(smtp.received).sort()).toEqual(
      officers.map((email) => [email, 1, 1, 1]).sort(),
    );
    expect((await sendReminders(first)).split('\n')).toEqual(
      expect.arrayContaining(officers.map((email) => expect.stringContaining(`${email}\t`))),
    );
    expect(smtp.received).toHaveLength(officers.length);
    console.log(
      `reliability figures (reminders, ${E2E_EVENT_STORE}): ${beforeRestart} of ${officers.length} digests delivered before the kill -9, ${smtp.abandoned.count} cut short by it, every one exactly once after the restart`,
    );
  }, 180_000);
});
