import { spawnSync } from 'child_process';
import { readdirSync } from 'fs';
import { join } from 'path';
import { ROOT, TrackerServer } from './support/tracker-server';

const READ_MODELS =
  'recommendations, programmes, area-rollouts, rollout-history, audit-trail, accounts, sources, evaluations, funding';

/** The `tracker` command as a user runs it: exit status, stdout and stderr (not a terminal). */
describe('the tracker CLI', () => {
  const server = new TrackerServer('cli');
  const tracker = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin/tracker'), ...args], {
      env: server.env,
      encoding: 'utf8',
    });

  beforeAll(() => server.start());
  afterAll(() => server.dispose());

  it.each([
    [
      ['rebuild', 'nonsense'],
      `'nonsense' is invalid for argument 'read-models'. Allowed choices are ${READ_MODELS}.`,
    ],
    [['replay', '--to', '5', '--read-model', 'nonsense'], `Allowed choices are ${READ_MODELS}.`],
    [
      ['nonsense'],
      "unknown command 'nonsense'; commands: token, seed, import, register, export, areas",
    ],
    [['token', 'nonsense'], "unknown command 'nonsense'; token commands: create, list, revoke"],
    [
      ['token', 'create', '--name', 'Ada'],
      'Give --account <email>, or --role for an operator token',
    ],
    [
      ['token', 'create', '--role', 'AUDITOR', '--name', 'Ada', '--expires-in-days', '400'],
      'A token lasts a whole number of days from 1 to 365',
    ],
    [
      ['token', 'create', '--account', 'a@example.org', '--role', 'ADMIN', '--name', 'Ada'],
      "An account's token acts with the account's role and areas: give --account or --role, not both",
    ],
    [
      ['token', 'create', '--account', 'nobody@example.org', '--name', 'Ada'],
      'No account has the email nobody@example.org',
    ],
    [
      ['token', 'create', '--role', 'KING', '--name', 'Ada'],
      "argument 'KING' is invalid. Allowed choices are BOARD_MEMBER, LOCAL_AUTHORITY, AUDITOR, ADMIN.",
    ],
    [['export', 'audit', '--format', 'xml'], 'Allowed choices are csv, jsonl.'],
    [['areas', '--format', 'xml'], 'Allowed choices are table, csv, json.'],
    [
      ['replay', '--to', '5', '--stream', 'recommendation-NONE'],
      'There is no stream recommendation-NONE in the store; stream names begin with recommendation-, programme-, rollout-, area-',
    ],
    [
      ['replay', '--to', 'soon', '--stream', 'recommendation-CSC-SWIS'],
      '--to must be a global position',
    ],
  ])('tracker %j is a usage error: status 2 and one line naming the problem', (args, message) => {
    const result = tracker(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^tracker: /);
    expect(result.stdout).toBe('');
  });

  it('lists the values a command accepts in its help', () => {
    const help = tracker('rebuild', '--help');
    expect(help.status).toBe(0);
    for (const name of READ_MODELS.split(', ')) expect(help.stdout).toContain(`"${name}"`);
    expect(tracker('replay', '--help').stdout).toContain('"rollout-history"');
  });

  it('prints the token alone on stdout through npm run -s, as the README shows, and it works', async () => {
    const created = spawnSync(
      'npm',
      [
        'run',
        '-s',
        'tracker',
        '--',
        'token',
        'create',
        '--role',
        'BOARD_MEMBER',
        '--name',
        'Ada Board',
      ],
      { cwd: ROOT, env: server.env, encoding: 'utf8' },
    );
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/^rt_[\w.-]+\n$/);
    const answer = await server.gql('{ programmes { id } }', {}, created.stdout.trim());
    expect(answer.errors).toBeUndefined();
  });

  it('lists the 153 local authorities with codes and regions, then Cumbria as replaced', () => {
    const table = tracker('areas');
    expect(table.status).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CODE\s+NAME\s+REGION\s+STATUS$/);
    expect(lines).toHaveLength(1 + 153 + 1);
    expect(lines).toContainEqual(expect.stringMatching(/^E09000022\s+Lambeth\s+London\s+current$/));
    expect(lines.at(-1)).toMatch(
      /^E10000006\s+Cumbria\s+North West\s+replaced on 2023-04-01 by Cumberland \(E06000063\) and Westmorland and Furness \(E06000064\)$/,
    );
    const csv = tracker('areas', '--format', 'csv').stdout.trimEnd().split('\n');
    expect(csv[0]).toBe(
      'gss_code,dfe_la_code,name,type,region_code,region_name,replaced_on,successors',
    );
    expect(csv).toContain('E06000023,801,"Bristol, City of",unitary,E12000009,South West,,');
    expect(csv.at(-1)).toBe(
      'E10000006,909,Cumbria,county,E12000002,North West,2023-04-01,E06000063 E06000064',
    );
    const json = JSON.parse(tracker('areas', '--format', 'json').stdout) as { current: boolean }[];
    expect(json.filter((area) => area.current)).toHaveLength(153);
  });

  it('rebuilds with one progress line off a terminal, and leaves only the read models in use', () => {
    for (let run = 0; run < 2; run++) {
      const rebuilt = tracker('rebuild');
      expect(rebuilt.status).toBe(0);
      const progress = rebuilt.stderr.split('\n').filter((line) => line.startsWith('rebuilt:'));
      expect(progress).toHaveLength(1);
      expect(progress[0]).toMatch(/^rebuilt: \[#{30}\] 100% [\d,]+ events \([\d,]+ events\/s\)$/);
    }
    // PostgreSQL read models are swapped by renaming schemas: there are no files.
    if (server.schema) return;
    const files = readdirSync(server.dataDir).filter((name) => name.startsWith('read-models'));
    expect(files.filter((name) => name.endsWith('.sqlite'))).toHaveLength(1);
  });
});
