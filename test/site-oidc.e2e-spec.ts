import type { SecurityLogEntry } from '@app/access';
import { loadConfig, openSecurityLog } from '@app/core';
import { PageAnswer, SignedInClient } from './support/signed-in-client';
import { locationOf, TEST_CLIENT, TestOidcProvider } from './support/test-oidc-provider';
import { E2E_EVENT_STORE, TrackerServer } from './support/tracker-server';

/**
 * Signing in with OpenID Connect against a real provider (oidc-provider) started by the test:
 * discovery (with the provider down at first), the code flow with PKCE, the ID token checked in
 * full (a forged and an expired one refused), a verified email matched to an active account,
 * refusals in words, and signing out at the provider too. The provider's journeys are the same
 * whatever the store, so they run in the SQLite pass only.
 */
const describeOnSqlite = E2E_EVENT_STORE === 'sqlite' ? describe : describe.skip;

describeOnSqlite('signing in with OpenID Connect', () => {
  const provider = new TestOidcProvider();
  let server: TrackerServer;
  /** The accounts' emails (made by the CLI), and the one no account has. */
  let ada: string;
  let una: string;
  let leaver: string;
  const stranger = 'stranger@example.org';

  beforeAll(async () => {
    // The provider comes up after the tracker: discovery is tried again until it answers.
    await provider.listen();
    server = new TrackerServer('site-oidc', {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: TEST_CLIENT.id,
      OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
      OIDC_NAME: 'Test Sign-in',
      SUPPORT_EMAIL: 'tracker-help@example.gov.uk',
    });
    await server.start();
    ada = server.createAccount('BOARD_MEMBER', 'Ada Board');
    una = server.createAccount('BOARD_MEMBER', 'Una Verified');
    leaver = server.createAccount('BOARD_MEMBER', 'Lee Leaver');
    server.tracker('account', 'deactivate', leaver, '--reason', 'Left the board');
  });
  afterAll(async () => {
    await server?.dispose();
    await provider.stop();
  });

  const signInPage = async (): Promise<string> =>
    (await new SignedInClient(server.url).get('/sign-in')).text;

  /** Until `done` holds of the sign-in page (discovery runs in the background). */
  const untilSignInPage = async (done: (page: string) => boolean): Promise<string> => {
    for (let tries = 0; ; tries++) {
      const page = await signInPage();
      if (done(page) || tries === 200) return page;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  /** Logs in at the provider as `login` and follows the way back to the tracker. */
  const comeBack = async (
    login: string,
  ): Promise<{ tracker: SignedInClient; back: PageAnswer }> => {
    const tracker = new SignedInClient(server.url);
    const { backToTracker } = await provider.logIn(tracker, login);
    return { tracker, back: await tracker.get(backToTracker.href) };
  };

  /** The newest entry of the server's security log (read as the admin's page reads it). */
  const lastLogged = async (): Promise<SecurityLogEntry> => {
    const log = await openSecurityLog(loadConfig(server.env));
    try {
      return (await log.list({ limit: 1 }))[0];
    } finally {
      await log.close();
    }
  };

  /** Whether a client's session is signed in: a signed-in page, or the way to sign in. */
  const signedIn = async (client: SignedInClient): Promise<boolean> =>
    (await client.get('/overview')).status === 200;

  it('starts while the provider is down, says so, and offers the button once it answers', async () => {
    const unavailable = await untilSignInPage((page) => page.includes('not available'));
    expect(unavailable).toContain(
      'Signing in with Test Sign-in is not available at the moment. Try again in a few minutes',
    );
    const asked = await new SignedInClient(server.url).get('/sign-in/oidc');
    expect(asked.status).toBe(503);
    expect(asked.text).toContain('Signing in with Test Sign-in is not available at the moment');

    await provider.start([server.url], {
      // The provider's spelling of the email need not be the account's.
      ada: { email: ada.toUpperCase(), email_verified: true, name: 'Ada at the provider' },
      unverified: { email: una, email_verified: false, name: 'Una' },
      stranger: { email: stranger, email_verified: true, name: 'A stranger' },
      leaver: { email: leaver, email_verified: true, name: 'Lee Leaver' },
    });
    const offered = await untilSignInPage((page) => page.includes('href="/sign-in/oidc"'));
    expect(offered).toMatch(
      /<a href="\/sign-in\/oidc"[^>]*class="govuk-button[^"]*"[^>]*>\s*Sign in with Test Sign-in/,
    );
    expect(offered).not.toContain('not available');
  }, 30_000);

  it('lets the pages send people on to the provider when they sign out (form-action)', async () => {
    const page = await new SignedInClient(server.url).get('/sign-in');
    expect(page.headers.get('content-security-policy')).toContain(
      `form-action 'self' ${provider.issuer}`,
    );
  });

  it('signs in through the code flow with PKCE as the account with the verified email', async () => {
    const tracker = new SignedInClient(server.url);
    await tracker.get('/sign-in');
    const before = tracker.cookieHeader;
    const { authorization, backToTracker } = await provider.logIn(tracker, 'ada', {
      next: '/history',
    });
    const asked = authorization.searchParams;
    expect(`${authorization.origin}${authorization.pathname}`).toBe(`${provider.issuer}/auth`);
    expect(asked.get('response_type')).toBe('code');
    expect(asked.get('client_id')).toBe(TEST_CLIENT.id);
    expect(asked.get('redirect_uri')).toBe(`${server.url}/sign-in/oidc/callback`);
    expect(asked.get('scope')).toBe('openid email profile');
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asked.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asked.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Nothing of the flow's secrets is kept in the browser.
    for (const secret of ['state', 'nonce'] as const)
      expect(tracker.cookieHeader).not.toContain(asked.get(secret));

    const back = await tracker.get(backToTracker.href);
    expect(back.status).toBe(303);
    expect(back.location).toBe('/history');
    // A new session id at sign-in.
    expect(tracker.cookieHeader).not.toBe(before);
    const overview = await tracker.get('/overview');
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('Ada Board');
    expect(await lastLogged()).toMatchObject({
      kind: 'SIGNED_IN',
      method: 'oidc',
      email: ada,
      accountId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it("refuses an ID token whose signature is not the provider's, starting no session", async () => {
    provider.idTokens = 'tampered';
    try {
      const { tracker, back } = await comeBack('ada');
      expect(back.status).toBe(400);
      expect(back.text).toContain('You could not be signed in');
      expect(back.text).toContain('Signing in with Test Sign-in did not finish');
      expect(await signedIn(tracker)).toBe(false);
      expect(await lastLogged()).toMatchObject({
        kind: 'SIGN_IN_REFUSED',
        method: 'oidc',
        detail: expect.stringMatching(/signature verification failed/),
      });
    } finally {
      provider.idTokens = 'as-issued';
    }
  });

  it("refuses an expired ID token, though one signed again with the provider's key passes", async () => {
    try {
      // The proxy's signing is the provider's: a token it signs as issued is accepted.
      provider.idTokens = 'resigned';
      const resigned = await comeBack('ada');
      expect(resigned.back.status).toBe(303);
      expect(await signedIn(resigned.tracker)).toBe(true);

      provider.idTokens = 'expired';
      const { tracker, back } = await comeBack('ada');
      expect(back.status).toBe(400);
      expect(back.text).toContain('You could not be signed in');
      expect(await signedIn(tracker)).toBe(false);
      expect(await lastLogged()).toMatchObject({
        kind: 'SIGN_IN_REFUSED',
        method: 'oidc',
        detail: expect.stringMatching(/"exp" \(expiration time\) claim value, expiration is past/),
      });
    } finally {
      provider.idTokens = 'as-issued';
    }
  });

  it('refuses an email the provider has not verified, though an account has it', async () => {
    const { tracker, back } = await comeBack('unverified');
    expect(back.status).toBe(403);
    expect(back.text).toContain(
      '<h1 class="govuk-heading-l">Test Sign-in has not confirmed your email address</h1>',
    );
    expect(back.text).not.toContain('You do not have an account');
    expect(back.text).toContain(
      'email <a class="govuk-link" href="mailto:tracker-help@example.gov.uk">tracker-help@example.gov.uk</a>',
    );
    expect(await signedIn(tracker)).toBe(false);
    expect(await lastLogged()).toMatchObject({
      kind: 'SIGN_IN_REFUSED',
      method: 'oidc',
      email: una,
      detail: 'the provider has not verified this email address',
    });
  });

  it('refuses a person without an account, or with a deactivated one, saying whom to ask', async () => {
    for (const [login, email, detail] of [
      ['stranger', stranger, 'no account has this email'],
      ['leaver', leaver, 'the account is deactivated'],
    ]) {
      const { tracker, back } = await comeBack(login);
      expect(back.status).toBe(403);
      expect(back.text).toContain(
        '<h1 class="govuk-heading-l">You do not have an account on Reform Tracker</h1>',
      );
      expect(back.text).toContain(
        'email <a class="govuk-link" href="mailto:tracker-help@example.gov.uk">tracker-help@example.gov.uk</a>',
      );
      expect(await signedIn(tracker)).toBe(false);
      expect(await lastLogged()).toMatchObject({ kind: 'SIGN_IN_REFUSED', email, detail });
    }
  });

  it('refuses a way back whose state is not the sign-in it started, or that no sign-in started', async () => {
    const tracker = new SignedInClient(server.url);
    const { backToTracker } = await provider.logIn(tracker, 'ada');
    const forged = new URL(backToTracker);
    forged.searchParams.set('state', 'a-state-of-another-sign-in');
    const back = await tracker.get(forged.href);
    expect(back.status).toBe(400);
    expect(back.text).toContain('You could not be signed in');
    expect(await signedIn(tracker)).toBe(false);
    expect(await lastLogged()).toMatchObject({
      kind: 'SIGN_IN_REFUSED',
      detail: expect.stringMatching(/unexpected "state" response parameter value/),
    });
    // The real way back, now: the sign-in it belonged to was used up by the forged one.
    expect((await tracker.get(backToTracker.href)).status).toBe(400);
    expect(await signedIn(tracker)).toBe(false);

    // Another browser, handed someone's way back (login CSRF), has no sign-in to finish.
    const other = new SignedInClient(server.url);
    const started = await provider.logIn(new SignedInClient(server.url), 'ada');
    expect((await other.get(started.backToTracker.href)).status).toBe(400);
    expect(await signedIn(other)).toBe(false);
    expect((await lastLogged()).detail).toBe(
      'the sign-in was not started in this browser session, or took too long',
    );
  });

  it('refuses when the person declines at the provider (access_denied)', async () => {
    const tracker = new SignedInClient(server.url);
    const atProvider = new SignedInClient(provider.issuer);
    const start = await tracker.get('/sign-in/oidc');
    const interaction = locationOf(await atProvider.get(locationOf(start)));
    const declined = await atProvider.get(`${interaction}/abort`);
    const backToTracker = new URL(locationOf(await atProvider.get(locationOf(declined))));
    expect(backToTracker.searchParams.get('error')).toBe('access_denied');
    const back = await tracker.get(backToTracker.href);
    expect(back.status).toBe(400);
    expect(back.text).toContain('You may have cancelled it');
    expect(await signedIn(tracker)).toBe(false);
    expect((await lastLogged()).detail).toBe(
      'the person or the provider declined the sign-in (access_denied: End-User aborted interaction)',
    );
  });

  it('signs out at the provider too, ending the session here first', async () => {
    const tracker = new SignedInClient(server.url);
    const atProvider = new SignedInClient(provider.issuer);
    const { backToTracker } = await provider.logIn(tracker, 'ada', { atProvider });
    await tracker.get(backToTracker.href);
    await tracker.get('/overview');
    const signOut = await tracker.postForm('/sign-out', {});
    expect(signOut.status).toBe(303);
    const endSession = new URL(locationOf(signOut));
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(
      `${server.url}/signed-out`,
    );
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await signedIn(tracker)).toBe(false);
    expect(await lastLogged()).toMatchObject({ kind: 'SIGNED_OUT', method: 'oidc' });

    // The provider takes the hint and the address back, and asks to confirm.
    const confirm = await atProvider.get(endSession.href);
    expect(confirm.status).toBe(200);
    const form = /<form[^>]*action="([^"]+)"[\s\S]*?name="xsrf" value="([^"]+)"/.exec(confirm.text);
    expect(form).not.toBeNull();
    const ended = await atProvider.postForm(form![1], { xsrf: form![2], logout: 'yes' });
    expect(locationOf(ended)).toBe(`${server.url}/signed-out`);
    const signedOut = await tracker.get(locationOf(ended));
    expect(signedOut.text).toContain('You have signed out');
  });
});
