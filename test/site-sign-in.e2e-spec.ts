import { mainText, SignedInClient } from './support/signed-in-client';
import { E2E_EVENT_STORE, TrackerServer } from './support/tracker-server';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Signing in to the pages by email link, through a real SMTP server: a one-time link mailed
 * only to an account's address, the same answer for any address, a server-side session in an
 * HttpOnly, SameSite=Lax cookie, a CSRF token on every form, and sessions that end when signed
 * out, when idle, or when the account is deactivated.
 */
describe('signing in by email link', () => {
  const server = new TrackerServer('site-sign-in');
  let board: string;
  let admin: string;

  beforeAll(async () => {
    await server.start();
    board = server.createAccount('BOARD_MEMBER', 'Ada Board');
    admin = server.createAccount('ADMIN', 'Ann Admin');
  }, 60_000);
  afterAll(() => server.dispose());

  const visitor = async (): Promise<SignedInClient> => {
    const client = new SignedInClient(server.url);
    await client.get('/sign-in');
    return client;
  };

  it('mails a one-time link that starts a session in an HttpOnly, SameSite=Lax cookie', async () => {
    const client = await visitor();
    const asked = await client.postForm('/sign-in', {
      email: `  ${board.toUpperCase()}\n`,
      next: '/history',
    });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('<h1 class="govuk-heading-l">Check your email</h1>');
    expect(asked.text).toContain(`<strong>${board}</strong>`);
    expect(asked.text).toContain('The link works once, for 15 minutes.');

    const mail = await server.mailbox!.nextMailTo(board);
    expect(mail.subject).toBe('Your link to sign in to Reform Tracker');
    expect(mail.text).toContain('Dear Ada Board,');
    expect(mail.text).toContain(`as ${board}`);
    expect(mail.text).toContain('The link works once, for 15 minutes.');
    expect(mail.text).toContain('If you did not ask to sign in, you need do nothing');
    const link = /\S+\/sign-in\/link\/\S+/.exec(mail.text)![0];
    expect(link).toMatch(
      new RegExp(`^${server.url}/sign-in/link/[A-Za-z0-9_-]{43}\\?next=%2Fhistory$`),
    );

    // Opening the link (as a mail scanner would) uses nothing up: its button does.
    const { pathname, search } = new URL(link);
    for (let opened = 0; opened < 2; opened++) {
      const page = await client.get(`${pathname}${search}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.text).toMatch(
        new RegExp(`<form method="post" action="${pathname}"[\\s\\S]*name="next" value="/history"`),
      );
    }
    const before = client.cookieHeader;
    const signedIn = await client.postForm(pathname, { next: '/history' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/history');
    const setCookie = signedIn.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/rt_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    // Served over plain HTTP here: Secure only behind HTTPS.
    expect(setCookie).not.toMatch(/;\s*Secure/i);
    // A new session id at sign-in: one planted in the browser beforehand signs no one in.
    expect(client.cookieHeader).not.toBe(before);
    expect(client.cookieHeader).not.toContain(pathname.split('/').pop());
    expect((await client.get('/history')).status).toBe(200);

    // Once only, in any browser.
    const again = await (await visitor()).followLink(link);
    expect(again.status).toBe(410);
    expect(mainText(again.text)).toContain('This sign-in link has already been used');
    expect(again.text).toContain('href="/sign-in"');
  });

  it('answers an email without an account as it answers one with, and mails it nothing', async () => {
    const nobody = 'nobody.here@example.org';
    const answers = [];
    for (const email of [nobody, admin]) {
      const answer = await (await visitor()).postForm('/sign-in', { email });
      expect(answer.status).toBe(200);
      answers.push(mainText(answer.text).replace(email, '<email>'));
    }
    expect(answers[0]).toBe(answers[1]);
    // Asked for after the unknown one, the admin's mail comes; the unknown address gets none.
    await server.mailbox!.nextMailTo(admin);
    await wait(500);
    expect(server.mailbox!.mailTo(nobody)).toEqual([]);
  });

  it('lists the problem in GOV.UK words when the email is missing or not an email', async () => {
    const client = await visitor();
    const empty = await client.postForm('/sign-in', { email: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('<title>Error: Sign in – Reform Tracker</title>');
    expect(empty.text).toMatch(
      /govuk-error-summary[\s\S]*href="#email"[^>]*>Enter your email address/,
    );
    expect(empty.text).toMatch(/govuk-error-message[\s\S]*Enter your email address/);
    const wrong = await client.postForm('/sign-in', { email: 'ada.example.org' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain(
      'Enter an email address in the correct format, like name@example.com',
    );
    expect(wrong.text).toContain('value="ada.example.org"');
  });

  it('refuses a form not sent from the visit: no mail, and no link used up', async () => {
    const email = server.createAccount('AUDITOR', 'Ed Forged');
    const client = await visitor();
    const forged = await client.postForm('/sign-in', { email }, { csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('The form could not be sent');
    expect((await client.postForm('/sign-in', { email }, { csrf: null })).status).toBe(403);

    await client.postForm('/sign-in', { email });
    const link = await server.mailbox!.nextLinkTo(email);
    await wait(500);
    expect(server.mailbox!.mailTo(email)).toHaveLength(1);
    const { pathname } = new URL(link);
    expect((await client.postForm(pathname, {}, { csrf: 'forged' })).status).toBe(403);
    // Another site's page cannot sign this browser in with a link of its own either.
    const elsewhere = new SignedInClient(server.url);
    expect((await elsewhere.postForm(pathname, {}, { csrf: null })).status).toBe(403);
    expect((await client.followLink(link)).location).toBe('/overview');
  }, 60_000);

  it('never sends a person elsewhere after sign-in', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const client = await visitor();
      await client.postForm('/sign-in', { email: board, next });
      const link = await server.mailbox!.nextLinkTo(board);
      expect(link).not.toContain('evil');
      const { pathname } = new URL(link);
      await client.get(pathname);
      const answer = await client.postForm(pathname, { next });
      expect(answer.location).toBe('/overview');
    }
  });

  it('refuses a changing form without its CSRF token, and signs out with it for good', async () => {
    const client = await SignedInClient.signIn(server, board);
    const forged = await client.postForm('/sign-out', {}, { csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('cache-control')).toBe('no-store');
    const cookie = client.cookieHeader;
    const signedOut = await client.postForm('/sign-out', {});
    expect(signedOut).toMatchObject({ status: 303, location: '/signed-out' });
    expect((await client.get('/signed-out')).text).toContain('You have signed out');
    // The old cookie, replayed, is no longer a session: the server ended it.
    const replayed = await fetch(`${server.url}/sign-out`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: '_csrf=x',
      redirect: 'manual',
    });
    expect(replayed.headers.get('location')).toBe('/sign-in?next=%2Fsign-out');
  });

  it('does not take the session cookie for the API, nor a bearer token for the pages', async () => {
    const client = await SignedInClient.signIn(server, board);
    const api = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { cookie: client.cookieHeader, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ whoAmI { name } }' }),
    });
    const body = (await api.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const token = server.createToken('BOARD_MEMBER', 'Bo Token');
    const page = await fetch(`${server.url}/overview`, {
      headers: { authorization: `Bearer ${token}` },
      redirect: 'manual',
    });
    expect(page.headers.get('location')).toMatch(/^\/sign-in/);
  });

  it('ends a deactivated account’s sessions at once, on every API process, and its links with them', async () => {
    const email = server.createAccount('BOARD_MEMBER', 'Dee Parted');
    const client = await SignedInClient.signIn(server, email);
    // On PostgreSQL a second process on the same database, as behind a load balancer; on
    // SQLite the one server, the account deactivated by the CLI while it runs.
    const second =
      E2E_EVENT_STORE === 'postgres'
        ? new TrackerServer('site-sign-in', {}, server, { ownDataDir: true })
        : null;
    try {
      await second?.start();
      const onSecond = second ? new SignedInClient(second.url, client) : client;
      expect((await onSecond.get('/overview')).status).toBe(200);
      const unused = await visitor();
      await unused.postForm('/sign-in', { email });
      const link = await server.mailbox!.nextLinkTo(email);
      server.tracker('account', 'deactivate', email, '--reason', 'Left the board');
      const refused = await onSecond.get('/overview');
      expect([refused.status, refused.location]).toEqual([303, '/sign-in?next=%2Foverview']);
      const followed = await unused.followLink(link);
      expect(followed.status).toBe(403);
      expect(mainText(followed.text)).toContain('This account cannot sign in');
      // Nor does it get another link.
      await unused.postForm('/sign-in', { email });
      await unused.postForm('/sign-in', { email: admin });
      await server.mailbox!.nextMailTo(admin);
      await wait(500);
      expect(server.mailbox!.mailTo(email)).toHaveLength(2);
    } finally {
      await second?.dispose();
    }
  }, 90_000);

  it('shows an admin the security log, newest first, by email', async () => {
    const client = await SignedInClient.signIn(server, admin);
    const log = await client.get('/admin/security-log');
    expect(log.status).toBe(200);
    expect(log.headers.get('cache-control')).toBe('no-store');
    const text = mainText(log.text);
    for (const words of [
      'Signed in',
      'Sign-in link sent',
      'Signed out',
      'Sign-in refused',
      'no account has this email',
      'the link has already been used',
      'the account has been deactivated',
      'nobody.here@example.org',
    ])
      expect(text).toContain(words);
    // The admin's own sign-in, just now, is the newest.
    expect(text.indexOf('Signed in')).toBeLessThan(text.indexOf('Sign-in link sent'));
    const filtered = mainText(
      (
        await client.get(
          `/admin/security-log?email=${encodeURIComponent('NOBODY.here@example.org')}`,
        )
      ).text,
    );
    expect(filtered).toContain('nobody.here@example.org');
    expect(filtered).not.toContain(board);
    const boardMember = await SignedInClient.signIn(server, board);
    expect((await boardMember.get('/admin/security-log')).status).toBe(403);

    // An admin ends every session of the board member: refused from the next request on.
    const boardLog = await client.get(`/admin/security-log?email=${encodeURIComponent(board)}`);
    const accountId = /name="accountId" value="([^"]+)"/.exec(boardLog.text)![1];
    const notAdmin = await boardMember.postForm('/admin/security-log/end-sessions', { accountId });
    expect(notAdmin.status).toBe(403);
    const ended = await client.postForm('/admin/security-log/end-sessions', {
      accountId,
      email: board,
    });
    expect(ended).toMatchObject({
      status: 303,
      location: `/admin/security-log?email=${encodeURIComponent(board)}`,
    });
    const after = await client.get(ended.location!);
    expect(mainText(after.text)).toContain(`Every session of ${board} has ended`);
    expect(mainText(after.text)).toContain('Sessions ended');
    expect(mainText(after.text)).toContain('ended by Ann Admin');
    const refused = await boardMember.get('/overview');
    expect([refused.status, refused.location]).toEqual([303, '/sign-in?next=%2Foverview']);
    // A new sign-in is not refused: only the sessions before the end.
    expect((await (await SignedInClient.signIn(server, board)).get('/overview')).status).toBe(200);
    const nobody = await new SignedInClient(server.url).get('/admin/security-log');
    expect(nobody.location).toBe('/sign-in?next=%2Fadmin%2Fsecurity-log');
  });
});

describe('the limits on sign-in attempts', () => {
  const server = new TrackerServer('site-sign-in-limits', {
    SIGN_IN_LIMIT_PER_EMAIL: '2',
    SIGN_IN_LIMIT_PER_ADDRESS: '5',
  });
  beforeAll(() => server.start());
  afterAll(() => server.dispose());

  it('refuses a third link for one email, then a sixth attempt from one address, mailing nothing', async () => {
    const ada = server.createAccount('BOARD_MEMBER', 'Ada Limited');
    const client = new SignedInClient(server.url);
    await client.get('/sign-in');
    for (let asked = 0; asked < 2; asked++) {
      expect((await client.postForm('/sign-in', { email: ada })).status).toBe(200);
      await server.mailbox!.nextMailTo(ada);
    }
    const limited = await client.postForm('/sign-in', { email: ada });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('<h1 class="govuk-heading-l">Too many attempts to sign in</h1>');
    expect(mainText(limited.text)).toMatch(/You can try again after \d{1,2}(:\d\d)?(am|pm) on /);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Attempts 4 and 5 from this address, for other emails, are still allowed; the 6th is not.
    for (const email of ['b@example.org', 'c@example.org'])
      expect((await client.postForm('/sign-in', { email })).status).toBe(200);
    expect((await client.postForm('/sign-in', { email: 'd@example.org' })).status).toBe(429);
    await wait(500);
    expect(server.mailbox!.mailTo(ada)).toHaveLength(2);
  });
});

describe('links and sessions that run out', () => {
  // The shortest times the configuration allows, so the tests wait seconds, not minutes.
  const server = new TrackerServer('site-sign-in-times', {
    SIGN_IN_LINK_SECONDS: '10',
    SESSION_IDLE_SECONDS: '10',
  });
  beforeAll(() => server.start());
  afterAll(() => server.dispose());

  it('refuses a link followed after its time', async () => {
    const email = server.createAccount('AUDITOR', 'Al Late');
    const client = new SignedInClient(server.url);
    await client.get('/sign-in');
    expect((await client.postForm('/sign-in', { email })).text).toContain('for 10 seconds');
    const link = await server.mailbox!.nextLinkTo(email);
    await wait(11_000);
    const late = await client.followLink(link);
    expect(late.status).toBe(410);
    expect(mainText(late.text)).toContain('This sign-in link has expired');
    expect(late.text).toContain('href="/sign-in"');
  }, 60_000);

  it('keeps a session while in use, and ends it once left idle for its time', async () => {
    const client = await SignedInClient.signIn(
      server,
      server.createAccount('BOARD_MEMBER', 'Ada Idle'),
    );
    // In use every 3 s for 12 s, longer than its idle time: still signed in.
    for (let second = 0; second < 12; second += 3) {
      expect((await client.get('/overview')).status).toBe(200);
      await wait(3000);
    }
    expect((await client.get('/overview')).status).toBe(200);
    await wait(11_000);
    const idle = await client.get('/overview');
    expect([idle.status, idle.location]).toEqual([303, '/sign-in?next=%2Foverview']);
  }, 60_000);
});
