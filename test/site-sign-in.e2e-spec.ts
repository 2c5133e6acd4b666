import { SignedInClient } from './support/signed-in-client';
import { TrackerServer } from './support/tracker-server';

/**
 * Signing in to the pages with a pasted token: a server-side session in an HttpOnly,
 * SameSite=Lax cookie that holds neither the token nor its id, a CSRF token on every form
 * that changes something, and sessions that end when signed out or when the token goes.
 */
describe('signing in to the pages', () => {
  const server = new TrackerServer('site-sign-in');
  let boardToken: string;

  beforeAll(async () => {
    await server.start();
    boardToken = server.createToken('BOARD_MEMBER', 'Ada Board');
  });
  afterAll(() => server.dispose());

  const visitor = async (): Promise<SignedInClient> => {
    const client = new SignedInClient(server.url);
    await client.get('/sign-in');
    return client;
  };

  it('starts a session in an HttpOnly, SameSite=Lax cookie that holds no part of the token', async () => {
    const client = await visitor();
    const answer = await client.postForm('/sign-in', {
      token: `  ${boardToken}\n`,
      next: '/history',
    });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/history');
    const setCookie = answer.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/rt_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    // Served over plain HTTP here: Secure only behind HTTPS.
    expect(setCookie).not.toMatch(/;\s*Secure/i);
    const tokenId = /^rt_([0-9a-f-]{36})\./.exec(boardToken)![1];
    expect(client.cookieHeader).not.toContain(tokenId);
    expect(client.cookieHeader).not.toContain(boardToken.split('.')[1]);
  });

  it('gives a new session id at sign-in, so one planted beforehand signs no one in', async () => {
    const client = await visitor();
    const before = client.cookieHeader;
    await client.postForm('/sign-in', { token: boardToken });
    expect(client.cookieHeader).not.toBe(before);
    const planted = new SignedInClient(server.url);
    await planted.get('/sign-in');
    // The visitor's old cookie, kept by someone who planted it, is not signed in.
    const fixed = await fetch(`${server.url}/sign-out`, {
      method: 'POST',
      headers: { cookie: before, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: planted.csrfToken! }).toString(),
      redirect: 'manual',
    });
    expect(fixed.status).toBe(303);
    expect(fixed.headers.get('location')).toMatch(/^\/sign-in\?next=/);
  });

  it('lists the problem in GOV.UK words when the token is missing or not known', async () => {
    const client = await visitor();
    const empty = await client.postForm('/sign-in', { token: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('<title>Error: Sign in – Reform Tracker</title>');
    expect(empty.text).toMatch(
      /govuk-error-summary[\s\S]*href="#token"[^>]*>Enter your access token/,
    );
    expect(empty.text).toMatch(/govuk-error-message[\s\S]*Enter your access token/);
    const unknown = await client.postForm('/sign-in', { token: 'rt_not-a-token' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('this one is not recognised or has been revoked');
  });

  it('refuses a sign-in form not sent from the visit, signing no one in', async () => {
    const client = await visitor();
    const answer = await client.postForm('/sign-in', { token: boardToken }, { csrf: 'forged' });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('The form could not be sent');
    const withoutToken = await client.postForm('/sign-in', { token: boardToken }, { csrf: null });
    expect(withoutToken.status).toBe(403);
    const signOut = await client.postForm('/sign-out', {});
    expect(signOut.location).toMatch(/^\/sign-in/);
  });

  it('never sends a visitor elsewhere after sign-in', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const client = await visitor();
      const answer = await client.postForm('/sign-in', { token: boardToken, next });
      expect(answer.location).toBe('/overview');
    }
  });

  it('refuses a changing form without its CSRF token, and signs out with it', async () => {
    const client = await SignedInClient.signIn(server.url, boardToken);
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

  it('ends a session from the next request on when its token is revoked', async () => {
    const token = server.createToken('AUDITOR', 'Aud Itor');
    const client = await SignedInClient.signIn(server.url, token);
    server.tracker('token', 'revoke', /^rt_([0-9a-f-]{36})\./.exec(token)![1]);
    const answer = await client.postForm('/sign-out', {});
    expect(answer.location).toBe('/sign-in?next=%2Fsign-out');
  });

  it('does not take the session cookie for the API, nor a bearer token for the pages', async () => {
    const client = await SignedInClient.signIn(server.url, boardToken);
    const api = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { cookie: client.cookieHeader, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ whoAmI { name } }' }),
    });
    const body = (await api.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const page = await fetch(`${server.url}/sign-out`, {
      method: 'POST',
      headers: { authorization: `Bearer ${boardToken}` },
      redirect: 'manual',
    });
    expect(page.headers.get('location')).toMatch(/^\/sign-in/);
  });
});

describe('an idle session', () => {
  // The shortest idle time the configuration allows, so the test waits seconds, not minutes.
  const server = new TrackerServer('site-idle-session', { SESSION_IDLE_SECONDS: '10' });
  beforeAll(() => server.start());
  afterAll(() => server.dispose());

  it('stays while in use, and ends once left idle for its time', async () => {
    const client = await SignedInClient.signIn(
      server.url,
      server.createToken('BOARD_MEMBER', 'Ada Idle'),
    );
    // In use every 3 s for 12 s, longer than its idle time: still signed in.
    for (let second = 0; second < 12; second += 3) {
      expect((await client.get('/overview')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
    expect((await client.get('/overview')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const idle = await client.get('/overview');
    expect([idle.status, idle.location]).toEqual([303, '/sign-in?next=%2Foverview']);
  }, 60_000);
});
