import Database from 'better-sqlite3';
import { join } from 'path';
import { Client, escapeIdentifier } from 'pg';
import { LiveSocket, within } from './support/live-socket';
import { mainText, SignedInClient } from './support/signed-in-client';
import { E2E_DATABASE_URL, E2E_EVENT_STORE, TrackerServer } from './support/tracker-server';

const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';
const WHO_AM_I = '{ whoAmI { id name role organisation } }';

/** The token shown once on the page after creating it. */
const shownToken = (html: string): string => /value="(rt_[^"]+)"/.exec(html)![1];
const idOf = (token: string): string => token.slice(3, 39);

/**
 * Time passes: the token's expiry is put in the past, in the store where the server keeps it
 * (as no test can wait a day).
 */
async function expire(server: TrackerServer, token: string): Promise<void> {
  const past = '2020-01-01T00:00:00.000Z';
  if (server.schema) {
    const client = new Client({ connectionString: E2E_DATABASE_URL });
    await client.connect();
    try {
      await client.query(
        `UPDATE ${escapeIdentifier(server.schema)}.access_tokens SET expires_at = $1 WHERE id = $2`,
        [past, idOf(token)],
      );
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(join(server.dataDir, 'access.sqlite'));
  try {
    db.prepare('UPDATE tokens SET expires_at = ? WHERE id = ?').run(past, idOf(token));
  } finally {
    db.close();
  }
}

/**
 * API tokens owned by accounts: a person creates one on /account/tokens (shown once), it acts
 * as the account is now (its role and areas as an admin changes them), and it is refused once
 * expired, revoked, or the account deactivated, at once on every API process.
 */
describe('API tokens of accounts', () => {
  const server = new TrackerServer('account-tokens');
  let adminToken: string;

  beforeAll(async () => {
    await server.start();
    adminToken = server.createToken('ADMIN', 'Account admin');
  }, 60_000);
  afterAll(() => server.dispose());

  /** Signs the officer in, creates a token on the page; the page's answer and the token. */
  const createOnPage = async (
    client: SignedInClient,
    name: string,
    expiresInDays = '90',
  ): Promise<string> => {
    await client.get('/account/tokens');
    const created = await client.postForm('/account/tokens', { name, expiresInDays });
    expect(created.status).toBe(201); // Created: shown on this answer only
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(mainText(created.text)).toContain('Copy the token now. It is shown only this once');
    return shownToken(created.text);
  };

  it('lets a person create a token for themselves, acting as their account as it is now', async () => {
    const email = server.createAccount('LOCAL_AUTHORITY', 'Olu Officer', LAMBETH);
    const client = await SignedInClient.signIn(server, email);
    const empty = await client.get('/account/tokens');
    expect(empty.status).toBe(200);
    expect(mainText(empty.text)).toContain('You have no API tokens.');

    // No name: the form again, with the error summary and the field's error; nothing created.
    const refused = await client.postForm('/account/tokens', { name: '  ', expiresInDays: '30' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('govuk-error-summary');
    expect(refused.text).toMatch(/href="#name">Enter a name for the token/);
    expect(refused.text).toMatch(/id="name-error"/);
    expect(refused.text).toMatch(/value="30" checked/);
    const badDays = await client.postForm('/account/tokens', { name: 'X', expiresInDays: '1000' });
    expect(badDays.status).toBe(400);
    expect(badDays.text).toMatch(/href="#expiresInDays">Choose how long the token lasts/);

    const token = await createOnPage(client, 'Nightly import', '30');
    const me = await server.gql(WHO_AM_I, {}, token);
    expect(me.errors).toBeUndefined();
    const accountId = (me.data as { whoAmI: { id: string } }).whoAmI.id;
    expect(me.data).toEqual({
      whoAmI: {
        id: accountId,
        name: 'Olu Officer',
        role: 'LOCAL_AUTHORITY',
        organisation: LAMBETH,
      },
    });
    expect(accountId).not.toBe(idOf(token)); // it acts as the account, not as itself

    const listed = mainText((await client.get('/account/tokens')).text);
    expect(listed).toContain('Nightly import');
    expect(listed).toContain('Active');
    expect(listed).not.toContain('Not used yet');
    expect((await client.get('/account/tokens')).text).not.toContain(token.split('.')[1]);
    expect(server.tracker('token', 'list', '--account', email)).toMatch(
      new RegExp(
        `^${idOf(token)}\\tLOCAL_AUTHORITY\\t${LAMBETH}\\tactive\\tNightly import\\t${accountId}\\t\\S+\\t\\S+$`,
      ),
    );

    // An admin makes the officer's a shared service: the token follows (the page too).
    const changed = await server.gql(
      `mutation($input: ChangeAccountInput!) { changeAccount(input: $input) { areaCodes } }`,
      { input: { accountId, areaCodes: [SOUTHWARK, LAMBETH], reason: 'Shared service' } },
      adminToken,
    );
    expect(changed.errors).toBeUndefined();
    expect((await server.gql(WHO_AM_I, {}, token)).data).toMatchObject({
      whoAmI: { organisation: SOUTHWARK },
    });
  }, 60_000);

  it('lets the operator create a token for an account with the CLI, and lists its owner, expiry and last use', async () => {
    const email = server.createAccount('AUDITOR', 'Serv Ice');
    const token = server.tracker(
      'token',
      'create',
      '--account',
      email,
      '--name',
      'Audit export job',
      '--expires-in-days',
      '7',
    );
    const me = await server.gql(WHO_AM_I, {}, token);
    expect(me.data).toMatchObject({ whoAmI: { name: 'Serv Ice', role: 'AUDITOR' } });
    const accountId = (me.data as { whoAmI: { id: string } }).whoAmI.id;
    const [line] = server.tracker('token', 'list', '--account', email).split('\n');
    const [id, role, area, status, name, owner, expires, lastUsed] = line.split('\t');
    expect([id, role, area, status, name, owner]).toEqual([
      idOf(token),
      'AUDITOR',
      '-',
      'active',
      'Audit export job',
      accountId,
    ]);
    const week = Date.parse(expires) - Date.now();
    expect(week).toBeGreaterThan(6.9 * 86_400_000);
    expect(week).toBeLessThanOrEqual(7 * 86_400_000);
    expect(Date.now() - Date.parse(lastUsed)).toBeLessThan(60_000);
  }, 60_000);

  it('refuses a form without its CSRF token, creating nothing', async () => {
    const email = server.createAccount('AUDITOR', 'Cass Forged');
    const client = await SignedInClient.signIn(server, email);
    await client.get('/account/tokens');
    const forged = await client.postForm(
      '/account/tokens',
      { name: 'Forged', expiresInDays: '90' },
      { csrf: null },
    );
    expect(forged.status).toBe(403);
    expect(forged.text).not.toMatch(/value="rt_/);
    expect(mainText((await client.get('/account/tokens')).text)).toContain(
      'You have no API tokens.',
    );
    expect(server.tracker('token', 'list', '--account', email)).toBe('');
  }, 60_000);

  it('refuses an expired token, saying so', async () => {
    const client = await SignedInClient.signIn(
      server,
      server.createAccount('AUDITOR', 'Ed Expired'),
    );
    const token = await createOnPage(client, 'Short-lived');
    expect((await server.gql(WHO_AM_I, {}, token)).errors).toBeUndefined();
    await expire(server, token);
    const refused = await server.gql(WHO_AM_I, {}, token);
    expect(refused.errors?.[0]).toMatchObject({
      message: 'The bearer token has expired',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(mainText((await client.get('/account/tokens')).text)).toContain('Expired');
  }, 60_000);

  it("revokes a person's own token on the page, and no one else's", async () => {
    const client = await SignedInClient.signIn(
      server,
      server.createAccount('BOARD_MEMBER', 'Rev Oking'),
    );
    const token = await createOnPage(client, 'Dashboard feed');
    const other = await SignedInClient.signIn(
      server,
      server.createAccount('BOARD_MEMBER', 'Nosy Parker'),
    );
    await other.get('/account/tokens');
    const notTheirs = await other.postForm('/account/tokens/revoke', { id: idOf(token) });
    expect(notTheirs.status).toBe(404);
    expect((await server.gql(WHO_AM_I, {}, token)).errors).toBeUndefined();

    await client.get('/account/tokens');
    const revoked = await client.postForm('/account/tokens/revoke', { id: idOf(token) });
    expect([revoked.status, revoked.location]).toEqual([303, '/account/tokens']);
    const page = mainText((await client.get('/account/tokens')).text);
    expect(page).toContain('The token Dashboard feed is revoked');
    expect(page).toContain('Revoked');
    expect((await server.gql(WHO_AM_I, {}, token)).errors?.[0].message).toBe(
      'The bearer token is unknown or revoked',
    );

    const log = await SignedInClient.signIn(server, server.createAccount('ADMIN', 'Log Reader'));
    const entries = mainText((await log.get('/admin/security-log')).text);
    expect(entries).toContain('API token created');
    expect(entries).toContain('API token revoked');
  }, 60_000);

  it('refuses a deactivated account’s tokens at once, on every API process, though its sessions ending left them', async () => {
    const email = server.createAccount('BOARD_MEMBER', 'Dee Parted');
    const client = await SignedInClient.signIn(server, email);
    const token = await createOnPage(client, 'Reports script');
    const accountId = ((await server.gql(WHO_AM_I, {}, token)).data as { whoAmI: { id: string } })
      .whoAmI.id;
    // On PostgreSQL a second process on the same database, as behind a load balancer; on
    // SQLite the one server, the account deactivated by the CLI (another process) while it runs.
    const second =
      E2E_EVENT_STORE === 'postgres'
        ? new TrackerServer('account-tokens', {}, server, { ownDataDir: true })
        : null;
    try {
      await second?.start();
      const servers = second ? [server, second] : [server];
      for (const one of servers)
        expect((await one.gql(WHO_AM_I, {}, token)).errors).toBeUndefined();

      // Ending the person's sessions (the browser's) leaves the token.
      const ended = await server.gql(
        `mutation($input: AccountInput!) { endAccountSessions(input: $input) { id } }`,
        { input: { accountId, reason: 'Lost laptop' } },
        adminToken,
      );
      expect(ended.errors).toBeUndefined();
      for (const one of servers)
        expect((await one.gql(WHO_AM_I, {}, token)).errors).toBeUndefined();

      // A live connection opened with the token is cut off too.
      const socket = await LiveSocket.open(second ?? server);
      expect(await socket.initialise({ authorization: `Bearer ${token}` })).toBe(true);
      if (second) {
        const deactivated = await second.gql(
          `mutation($input: AccountInput!) { deactivateAccount(input: $input) { active } }`,
          { input: { accountId, reason: 'Left the board' } },
          adminToken,
        );
        expect(deactivated.errors).toBeUndefined();
      } else {
        server.tracker('account', 'deactivate', email, '--reason', 'Left the board');
      }
      for (const one of servers) {
        const refused = await one.gql(WHO_AM_I, {}, token);
        expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      }
      expect(await within(socket.closed, 5000)).toMatchObject({ code: 4403 });
    } finally {
      await second?.dispose();
    }
  }, 90_000);
});
