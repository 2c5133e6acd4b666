import { spawn, spawnSync } from 'child_process';
import { join } from 'path';
import { ROOT, TrackerServer } from './support/tracker-server';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

// Each run of tracker opens the store and the core: a second or two on a busy machine.
jest.setTimeout(300_000);

/** `tracker account ...` as an operator runs it on the server's machine. */
describe('tracker account', () => {
  const server = new TrackerServer('accounts-cli');
  const tracker = (...args: string[]): Run =>
    spawnSync(process.execPath, [join(ROOT, 'bin/tracker'), ...args], {
      env: server.env,
      encoding: 'utf8',
    });
  /** The same, without waiting: several may run at once. */
  const trackerAsync = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin/tracker'), ...args], {
        env: server.env,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const listed = (): { id: string; email: string; active: boolean; [key: string]: unknown }[] =>
    JSON.parse(tracker('account', 'list', '--format', 'json').stdout);
  let auditorToken: string;
  /** Every stored event, through the audit export (read from the store) as an auditor. */
  const events = (): { streamId: string; type: string; metadata: any; data: any }[] =>
    tracker('export', 'audit', '--format', 'jsonl', '--token', auditorToken)
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line));

  beforeAll(async () => {
    await server.start();
    auditorToken = tracker('token', 'create', '--role', 'AUDITOR', '--name', 'Audit').stdout.trim();
  });
  afterAll(() => server.dispose());

  /** Exit status 2, one line on stderr saying what is wrong, nothing on stdout. */
  const expectRefused = (run: Run, message: string) => {
    expect(run.stderr).toBe(`tracker: ${message}\n`);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
  };

  it('adds an account, prints its id alone, and records who and why', () => {
    const added = tracker(
      'account',
      'add',
      '--email',
      ' Ada.Admin@Example.GOV.uk ',
      '--name',
      'Ada Admin',
      '--role',
      'ADMIN',
      '--organisation',
      'Department for Education',
      '--reason',
      'First admin',
    );
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(added.stderr).toBe(
      'Added the account of Ada Admin <ada.admin@example.gov.uk> (ADMIN, Department for Education)\n',
    );
    const id = added.stdout.trim();
    expect(listed()).toEqual([
      {
        id,
        email: 'ada.admin@example.gov.uk',
        name: 'Ada Admin',
        role: 'ADMIN',
        organisation: 'Department for Education',
        areaCodes: [],
        active: true,
        digest: 'WEEKLY',
        sessionsEndedAt: null,
        version: 1,
      },
    ]);
    const [accountAdded, claimed] = events().filter((e) => e.streamId.startsWith('account-'));
    expect(accountAdded).toMatchObject({
      streamId: `account-${id}`,
      type: 'AccountAdded',
      metadata: { reason: 'First admin', actor: { id: 'cli', role: 'ADMIN' } },
    });
    expect(accountAdded.metadata.actor.name).toMatch(/^tracker CLI \(.+\)$/);
    expect(claimed).toMatchObject({
      streamId: expect.stringMatching(/^account-email-[0-9a-f]{64}$/),
      type: 'EmailClaimed',
      data: { accountId: id },
    });
  });

  it('refuses bad input in one line naming the field, writing nothing', () => {
    const before = events().length;
    const add = (...args: string[]) =>
      tracker('account', 'add', '--name', 'Bob', '--organisation', 'NAO', ...args);
    expectRefused(
      add('--email', 'bob@nowhere', '--role', 'AUDITOR'),
      'email must be an email address in the correct format, like name@example.gov.uk',
    );
    expectRefused(
      add('--email', 'bob@nao.org.uk', '--role', 'LOCAL_AUTHORITY'),
      'areaCodes are required: a local authority officer reports for one or more areas, named by ONS GSS code',
    );
    expectRefused(
      add('--email', 'bob@nao.org.uk', '--role', 'LOCAL_AUTHORITY', '--area', 'E09999999'),
      'Unknown area code(s): E09999999',
    );
    expectRefused(
      add('--email', 'ADA.ADMIN@example.gov.uk', '--role', 'AUDITOR'),
      'An account with this email already exists',
    );
    expectRefused(
      tracker('account', 'deactivate', 'nobody@example.gov.uk', '--reason', 'x'),
      'No account has the email nobody@example.gov.uk',
    );
    expectRefused(
      tracker('account', 'deactivate', 'ada.admin@example.gov.uk'),
      "required option '--reason <why>' not specified",
    );
    expect(events()).toHaveLength(before);
    expect(listed()).toHaveLength(1);
  });

  it('adds an officer of a shared service, changes, deactivates and reactivates them', () => {
    const added = tracker(
      'account',
      'add',
      '--email',
      'lou@lambeth.gov.uk',
      '--name',
      'Lou Officer',
      '--role',
      'LOCAL_AUTHORITY',
      '--organisation',
      'Lambeth and Southwark shared service',
      '--area',
      'E09000022',
      '--area',
      'E09000028',
    );
    expect(added.status).toBe(0);
    const changed = tracker(
      'account',
      'change',
      'LOU@lambeth.gov.uk',
      '--new-email',
      'lou@southwark.gov.uk',
      '--area',
      'E09000028',
      '--reason',
      'Moved to Southwark',
    );
    expect(changed.stderr).toBe(
      'Changed the account of Lou Officer <lou@southwark.gov.uk> (LOCAL_AUTHORITY E09000028, Lambeth and Southwark shared service)\n',
    );
    expect(changed.status).toBe(0);
    // The old email is free again; the new one is taken.
    expectRefused(
      tracker('account', 'change', 'lou@lambeth.gov.uk', '--name', 'X', '--reason', 'x'),
      'No account has the email lou@lambeth.gov.uk',
    );
    expectRefused(
      tracker('account', 'change', 'lou@southwark.gov.uk', '--area', 'E09000028', '--reason', 'x'),
      'Nothing to change: the account already has these details',
    );
    expect(
      tracker('account', 'deactivate', 'lou@southwark.gov.uk', '--reason', 'Left').status,
    ).toBe(0);
    expectRefused(
      tracker('account', 'deactivate', 'lou@southwark.gov.uk', '--reason', 'Left'),
      'The account of lou@southwark.gov.uk is already deactivated',
    );
    const ended = tracker(
      'account',
      'end-sessions',
      'lou@southwark.gov.uk',
      '--reason',
      'Lost laptop',
    );
    expect(ended.stderr).toMatch(/^Ended every session of Lou Officer/);
    const table = tracker('account', 'list').stdout.trimEnd().split('\n');
    expect(table[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+ORGANISATION\s+AREAS\s+STATUS\s+DIGEST$/);
    expect(table).toContainEqual(
      expect.stringMatching(
        /^lou@southwark\.gov\.uk\s+Lou Officer\s+LOCAL_AUTHORITY\s+.+E09000028\s+deactivated\s+WEEKLY$/,
      ),
    );
    expect(
      tracker('account', 'reactivate', 'lou@southwark.gov.uk', '--reason', 'Back').status,
    ).toBe(0);
    const csv = tracker('account', 'list', '--format', 'csv').stdout.trimEnd().split('\n');
    expect(csv[0]).toBe('email,name,role,organisation,area_codes,status,digest');
    expect(csv).toContain(
      'lou@southwark.gov.uk,Lou Officer,LOCAL_AUTHORITY,Lambeth and Southwark shared service,E09000028,active,WEEKLY',
    );
    const lou = listed().find((account) => account.email === 'lou@southwark.gov.uk')!;
    expect(lou.sessionsEndedAt).toEqual(expect.any(String));
  });

  it('gives one account to two operators adding the same email at once, and refuses the other', async () => {
    const add = (name: string) =>
      trackerAsync(
        'account',
        'add',
        '--email',
        'sam@example.gov.uk',
        '--name',
        name,
        '--role',
        'BOARD_MEMBER',
        '--organisation',
        'The board',
      );
    const runs = await Promise.all([add('Sam One'), add('Sam Two'), add('Sam Three')]);
    expect(runs.filter((run) => run.status === 0)).toHaveLength(1);
    for (const run of runs.filter((r) => r.status !== 0)) {
      expect(run).toEqual({
        status: 2,
        stdout: '',
        stderr: 'tracker: An account with this email already exists\n',
      });
    }
    expect(listed().filter((account) => account.email === 'sam@example.gov.uk')).toHaveLength(1);
    expect(
      events().filter((e) => e.type === 'AccountAdded' && e.data.email === 'sam@example.gov.uk'),
    ).toHaveLength(1);
  });

  it("keeps the audit trail verifiable: the accounts' events are in the hash chain", () => {
    const verified = tracker('verify', '--json');
    expect(verified.status).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  });
});
