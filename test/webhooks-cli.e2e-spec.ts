import { spawnSync } from 'child_process';
import { join } from 'path';
import { ROOT, TrackerServer } from './support/tracker-server';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

// Each run of tracker opens the store and the core: a second or two on a busy machine.
jest.setTimeout(300_000);

/** `tracker webhook ...` as an operator runs it on the server's machine. */
describe('tracker webhook', () => {
  const server = new TrackerServer('webhooks-cli');
  const tracker = (...args: string[]): Run =>
    spawnSync(process.execPath, [join(ROOT, 'bin/tracker'), ...args], {
      env: server.env,
      encoding: 'utf8',
    });
  const listed = (): { id: string; url: string; areaCodes: string[] | null }[] =>
    JSON.parse(tracker('webhook', 'list', '--format', 'json').stdout);

  beforeAll(() => server.start());
  afterAll(() => server.dispose());

  /** Exit status 2, one line on stderr saying what is wrong, nothing on stdout. */
  const expectRefused = (run: Run, message: string) => {
    expect(run.stderr).toBe(`tracker: ${message}\n`);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
  };

  const add = (...extra: string[]) =>
    tracker(
      'webhook',
      'add',
      '--event',
      'MilestoneAchieved',
      '--event',
      'StatusReported',
      '--description',
      'Lambeth data warehouse',
      ...extra,
    );

  it('refuses an address inside a network, or not https:, and an unknown event type', () => {
    expectRefused(
      add('--url', 'https://192.168.10.5/hooks'),
      'url must be an address on the internet: 192.168.10.5, a private address',
    );
    expectRefused(
      add('--url', 'https://[fe80::1]/hooks'),
      'url must be an address on the internet: fe80::1, a link-local address',
    );
    expect(add('--url', 'http://warehouse.example.gov.uk/').stderr).toMatch(
      /^tracker: url must start with https:/,
    );
    expectRefused(
      add('--url', 'https://warehouse.example.gov.uk/', '--event', 'NoSuchEvent'),
      'eventTypes names no known event type: NoSuchEvent',
    );
    expect(listed()).toEqual([]);
  });

  it('adds a webhook, printing its id and its secret once; lists, changes and removes it', () => {
    const added = add(
      '--url',
      'https://warehouse.example.gov.uk/hooks/tracker',
      '--area',
      'E09000022',
      '--reason',
      'The warehouse reports on rollout',
    );
    expect(added.status).toBe(0);
    const [id, secret, rest] = added.stdout.split('\n');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{44}$/);
    expect(rest).toBe('');
    expect(added.stderr).toContain('shown this once');

    const table = tracker('webhook', 'list');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+URL\s+EVENTS\s+AREAS\s+PROGRAMMES\s+DESCRIPTION\n/);
    expect(table.stdout).toContain('E09000022');
    expect(table.stdout).not.toContain('whsec_');
    expect(tracker('webhook', 'list', '--format', 'csv').stdout).toContain(
      `${id},https://warehouse.example.gov.uk/hooks/tracker,MilestoneAchieved StatusReported,E09000022,,Lambeth data warehouse`,
    );

    expect(tracker('webhook', 'change', id, '--area', 'E09000028', '--all-areas').status).toBe(2);
    const changed = tracker('webhook', 'change', id, '--all-areas', '--reason', 'All of London');
    expect(changed.status).toBe(0);
    expect(changed.stderr).toContain('areas: all');
    expect(listed()).toMatchObject([{ id, areaCodes: null }]);
    expectRefused(
      tracker('webhook', 'change', id, '--url', 'https://100.64.1.1/'),
      'url must be an address on the internet: 100.64.1.1, a shared (carrier-grade NAT) address',
    );

    const removed = tracker('webhook', 'remove', id, '--reason', 'Warehouse retired');
    expect(removed.status).toBe(0);
    expect(removed.stderr).toMatch(/^Removed the webhook Lambeth data warehouse/);
    expect(listed()).toEqual([]);
    expectRefused(tracker('webhook', 'remove', id), `Webhook ${id} was not found`);
  });
});
