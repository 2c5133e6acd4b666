import { SignedInClient } from './support/signed-in-client';
import { errorCode, TrackerServer } from './support/tracker-server';

/** The text of a page's <main>, without its tags: what a person reads. */
const mainText = (html: string): string =>
  (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
/** The error summary's items, in order. */
const summary = (html: string): string[] =>
  [...html.matchAll(/<li>\s*<a href="(#[\w-]+)">([^<]*)<\/a>/g)].map(
    ([, href, text]) => `${href} ${text.replace(/&#39;/g, "'").trim()}`,
  );
const commandIdOf = (html: string): string => /name="commandId" value="([^"]+)"/.exec(html)![1];
const secretOf = (html: string): string | undefined =>
  /id="secret" name="secret" type="text" value="(whsec_[^"]+)"/.exec(html)?.[1];
const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';
const PROGRAMME = 'social-workers-in-schools';
const WEBHOOKS = '{ webhooks { id url eventTypes areaCodes programmeIds description } }';

/**
 * Admins add, change and remove webhooks in the pages, as the API's mutations do: mistakes
 * beside their fields, an address inside a network refused, the secret shown once after the
 * redirect, a double submit writing once; only admins, and only with the form's CSRF token.
 */
describe('the admins’ webhook pages', () => {
  const server = new TrackerServer('site-webhooks');
  let admin: SignedInClient;
  let adminToken: string;
  let webhookPath: string;

  beforeAll(async () => {
    await server.start();
    admin = await SignedInClient.signIn(server, server.createAccount('ADMIN', 'Ann Admin'));
    adminToken = server.createToken('ADMIN', 'Ada Admin');
  }, 60_000);
  afterAll(() => server.dispose());

  const registered = async () =>
    (await server.gql(WEBHOOKS, {}, adminToken)).data?.webhooks as {
      id: string;
      url: string;
      eventTypes: string[];
      areaCodes: string[] | null;
      programmeIds: string[] | null;
      description: string;
    }[];

  it('adds a webhook after its mistakes are put right, and shows its secret once', async () => {
    const list = await admin.get('/admin/webhooks');
    expect(list.status).toBe(200);
    expect(list.text).toContain('href="/admin/webhooks/new"');
    const form = await admin.get('/admin/webhooks/new');
    expect(form.status).toBe(200);
    expect(mainText(form.text)).toContain('Recommendations');
    expect(mainText(form.text)).toContain('Milestone achieved');
    expect(mainText(form.text)).toContain('Social Workers in Schools (SWIS) trial');
    const commandId = commandIdOf(form.text);

    const empty = await admin.postForm('/admin/webhooks/new', { commandId, url: ' ' });
    expect(empty.status).toBe(400);
    expect(summary(empty.text)).toEqual([
      '#url Enter the address the deliveries are sent to',
      '#eventTypes Select at least one event to send',
      '#description Enter a description, such as the system that receives the deliveries',
    ]);
    const answers = {
      commandId,
      eventTypes: ['MilestoneAchieved', 'StatusReported'],
      areaCodes: [LAMBETH, SOUTHWARK],
      programmeIds: [PROGRAMME],
      description: 'Lambeth data warehouse',
      reason: 'The warehouse reports on rollout',
    };
    const internal = await admin.postForm('/admin/webhooks/new', {
      ...answers,
      url: 'https://10.20.30.40/hooks',
    });
    expect(internal.status).toBe(400);
    expect(summary(internal.text)).toEqual([
      '#url The address must be on the internet, not inside a network: 10.20.30.40, a private address',
    ]);
    expect(internal.text).toContain('value="https://10.20.30.40/hooks"');
    expect(internal.text).toContain('value="StatusReported" checked');
    const plainHttp = await admin.postForm('/admin/webhooks/new', {
      ...answers,
      url: 'http://warehouse.example.gov.uk/hooks',
    });
    expect(summary(plainHttp.text)).toEqual(['#url The address must start with https://']);
    expect(await registered()).toEqual([]);

    const url = 'https://warehouse.example.gov.uk/hooks/tracker';
    const added = await admin.postForm('/admin/webhooks/new', { ...answers, url });
    expect(added.status).toBe(303);
    webhookPath = added.location!;
    expect(webhookPath).toMatch(/^\/admin\/webhooks\/[0-9a-f-]{36}$/);
    // Sent twice (a double click), it adds one webhook.
    const again = await admin.postForm('/admin/webhooks/new', { ...answers, url });
    expect([again.status, again.location]).toEqual([303, webhookPath]);

    const page = await admin.get(webhookPath);
    expect(mainText(page.text)).toContain('Webhook added: Lambeth data warehouse');
    const secret = secretOf(page.text);
    expect(secret).toMatch(/^whsec_/);
    expect(mainText(page.text)).toContain('It is shown only this once');
    // Once: the page again has no secret.
    expect(secretOf((await admin.get(webhookPath)).text)).toBeUndefined();

    expect(await registered()).toEqual([
      {
        id: webhookPath.split('/').pop(),
        url,
        eventTypes: ['MilestoneAchieved', 'StatusReported'],
        areaCodes: [LAMBETH, SOUTHWARK],
        programmeIds: [PROGRAMME],
        description: 'Lambeth data warehouse',
      },
    ]);
    // The history has the registration with its reason, never the secret.
    const events = await server.gql(
      `query($s: ID) { auditTrail(filter: { streamId: $s }) { nodes { type reason } } }`,
      { s: `webhook-${webhookPath.split('/').pop()}` },
      adminToken,
    );
    expect(events.data?.auditTrail.nodes).toEqual([
      { type: 'WebhookRegistered', reason: 'The warehouse reports on rollout' },
    ]);
    expect(JSON.stringify(events)).not.toContain('whsec_');
  });

  it('changes a webhook in the same form, filled in with its settings', async () => {
    const form = await admin.get(`${webhookPath}/change`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="https://warehouse.example.gov.uk/hooks/tracker"');
    expect(form.text).toContain('value="Lambeth data warehouse"');
    expect(form.text).toMatch(new RegExp(`value="${SOUTHWARK}" checked`));
    const commandId = commandIdOf(form.text);
    const fields = {
      commandId,
      url: 'https://warehouse.example.gov.uk/hooks/tracker',
      eventTypes: ['MilestoneAchieved'],
      description: 'Warehouse, every area',
    };
    const bad = await admin.postForm(`${webhookPath}/change`, {
      ...fields,
      url: 'https://[fd00::1]/',
    });
    expect(summary(bad.text)).toEqual([
      '#url The address must be on the internet, not inside a network: fd00::1, a unique local address',
    ]);
    // No area or programme ticked: every one again.
    const changed = await admin.postForm(`${webhookPath}/change`, fields);
    expect([changed.status, changed.location]).toEqual([303, webhookPath]);
    expect(mainText((await admin.get(webhookPath)).text)).toContain(
      'Webhook changed: Warehouse, every area',
    );
    expect(await registered()).toMatchObject([
      { eventTypes: ['MilestoneAchieved'], areaCodes: null, programmeIds: null },
    ]);
  });

  it('lets only admins in, and only with the form’s CSRF token', async () => {
    const board = await SignedInClient.signIn(
      server,
      server.createAccount('BOARD_MEMBER', 'Bo Board'),
    );
    expect((await board.get('/admin/webhooks/new')).status).toBe(403);
    expect((await board.get(`${webhookPath}/change`)).status).toBe(403);
    const asBoard = await board.postForm('/admin/webhooks/new', {
      url: 'https://elsewhere.example.org/',
      eventTypes: 'MilestoneAchieved',
      description: 'Not allowed',
    });
    expect(asBoard.status).toBe(403);
    const forged = await admin.postForm(
      `${webhookPath}/remove`,
      { commandId: 'site:forged' },
      { csrf: 'not-this-session' },
    );
    expect(forged.status).toBe(403);
    expect(await registered()).toHaveLength(1);
  });

  it('removes a webhook once confirmed; its page stays, its forms are gone', async () => {
    const confirm = await admin.get(`${webhookPath}/remove`);
    expect(confirm.status).toBe(200);
    expect(mainText(confirm.text)).toContain('Are you sure you want to remove this webhook?');
    const fields = { commandId: commandIdOf(confirm.text), reason: 'The warehouse is retired' };
    const removed = await admin.postForm(`${webhookPath}/remove`, fields);
    expect([removed.status, removed.location]).toEqual([303, '/admin/webhooks']);
    // Sent twice, it removes once (the second is recognised as the same command).
    const again = await admin.postForm(`${webhookPath}/remove`, fields);
    expect([again.status, again.location]).toEqual([303, '/admin/webhooks']);
    const list = await admin.get('/admin/webhooks');
    expect(mainText(list.text)).toContain(
      'Webhook removed: Warehouse, every area. Nothing more is sent to it',
    );
    expect(list.text).toContain('id="no-webhooks"');
    expect(await registered()).toEqual([]);
    const page = await admin.get(webhookPath);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="removed"');
    expect(page.text).not.toContain(`${webhookPath}/change`);
    expect((await admin.get(`${webhookPath}/change`)).status).toBe(404);
  });

  it('the API refuses an address inside a network too, and answers a retry with the same webhook and secret', async () => {
    const REGISTER = `mutation($input: RegisterWebhookInput!) {
      registerWebhook(input: $input) { secret webhook { id } } }`;
    const input = {
      url: 'https://[::ffff:169.254.169.254]/latest',
      eventTypes: ['MilestoneAchieved'],
      description: 'Metadata service',
    };
    const refused = await server.gql(REGISTER, { input }, adminToken);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].extensions).toMatchObject({ field: 'url', rule: 'publicAddress' });
    expect(refused.errors?.[0].message).toBe(
      'url must be an address on the internet: ::ffff:a9fe:a9fe, a link-local address',
    );
    const retried = { ...input, url: 'https://hooks.example.org/', commandId: 'api-retry-1' };
    const first = await server.gql(REGISTER, { input: retried }, adminToken);
    const second = await server.gql(REGISTER, { input: retried }, adminToken);
    expect(first.errors).toBeUndefined();
    expect(second.data).toEqual(first.data);
    expect(await registered()).toHaveLength(1);
  });
});
