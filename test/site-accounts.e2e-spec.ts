import { SignedInClient } from './support/signed-in-client';
import { TrackerServer } from './support/tracker-server';

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
const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';

/**
 * Admins manage accounts in the pages: the list, adding an account (its mistakes beside their
 * fields), changing it, deactivating and reactivating it, on SQLite and PostgreSQL; only
 * admins, and only with the form's CSRF token.
 */
describe('the admins’ account pages', () => {
  const server = new TrackerServer('site-accounts');
  let admin: SignedInClient;
  let adminEmail: string;

  beforeAll(async () => {
    await server.start();
    adminEmail = server.createAccount('ADMIN', 'Ann Admin');
    admin = await SignedInClient.signIn(server, adminEmail);
  }, 60_000);
  afterAll(() => server.dispose());

  /**
   * The page of the account with this name, from the list: the list's read model catches up
   * with accounts the CLI (another process) adds, so it is looked for until it is there.
   */
  const accountPathOf = async (name: string): Promise<string> => {
    const link = new RegExp(`href="(/admin/accounts/[0-9a-f-]{36})">${name}<`);
    for (let tries = 0; tries < 50; tries++) {
      const found = link.exec((await admin.get('/admin/accounts')).text);
      if (found) return found[1];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${name} is not in the list of accounts`);
  };

  it('adds an account after its mistakes are put right, and the person signs in by the mailed link', async () => {
    const form = await admin.get('/admin/accounts/new');
    expect(form.status).toBe(200);
    const commandId = commandIdOf(form.text);
    const email = `kim.${Date.now()}@lambeth.gov.uk`;

    // Three mistakes at once: no name, no organisation, no role.
    const first = await admin.postForm('/admin/accounts/new', {
      commandId,
      email,
      name: ' ',
      organisation: '',
    });
    expect(first.status).toBe(400);
    expect(summary(first.text)).toEqual([
      "#name Enter the person's name",
      '#organisation Enter the organisation the person works for',
      "#role Select the person's role",
    ]);
    expect(first.text).toContain(`value="${email}"`);
    const officer = { commandId, name: 'Kim Officer', organisation: 'Lambeth Council' };
    const noArea = await admin.postForm('/admin/accounts/new', {
      ...officer,
      email,
      role: 'LOCAL_AUTHORITY',
    });
    expect(summary(noArea.text)).toEqual([
      '#areaCodes Select the areas a local authority officer reports for',
    ]);
    // The context's own refusals: a bad email, then one already taken.
    const badEmail = await admin.postForm('/admin/accounts/new', {
      ...officer,
      email: 'kim at lambeth',
      role: 'LOCAL_AUTHORITY',
      areaCodes: [LAMBETH, SOUTHWARK],
    });
    expect(badEmail.status).toBe(400);
    expect(summary(badEmail.text)).toEqual([
      '#email Enter an email address in the correct format, like name@example.gov.uk',
    ]);
    expect(badEmail.text).toMatch(/id="email-error"/);
    const taken = await admin.postForm('/admin/accounts/new', {
      ...officer,
      email: adminEmail,
      role: 'LOCAL_AUTHORITY',
      areaCodes: [LAMBETH, SOUTHWARK],
    });
    expect(summary(taken.text)).toEqual([
      '#email An account with this email address already exists',
    ]);
    const boardWithArea = await admin.postForm('/admin/accounts/new', {
      ...officer,
      email,
      role: 'BOARD_MEMBER',
      areaCodes: [LAMBETH],
    });
    expect(summary(boardWithArea.text)).toEqual([
      '#areaCodes Only a local authority officer reports for areas: clear the areas, or choose that role',
    ]);

    const added = await admin.postForm('/admin/accounts/new', {
      ...officer,
      email,
      role: 'LOCAL_AUTHORITY',
      areaCodes: [LAMBETH, SOUTHWARK],
    });
    expect(added.status).toBe(303);
    const accountPath = added.location!;
    expect(accountPath).toMatch(/^\/admin\/accounts\/[0-9a-f-]{36}$/);
    // Sent twice (a double click), it adds one account.
    const again = await admin.postForm('/admin/accounts/new', {
      ...officer,
      email,
      role: 'LOCAL_AUTHORITY',
      areaCodes: [LAMBETH, SOUTHWARK],
    });
    expect([again.status, again.location]).toEqual([303, accountPath]);

    const page = await admin.get(accountPath);
    expect(mainText(page.text)).toContain('Account added for Kim Officer: they can now sign in');
    expect(mainText(page.text)).toContain('Local authority officer');
    expect(mainText(page.text)).toContain('Lambeth, Southwark');
    const list = await admin.get('/admin/accounts?role=LOCAL_AUTHORITY');
    expect(list.text.split(email).length - 1).toBe(1);
    expect((await admin.get('/admin/accounts?role=AUDITOR')).text).not.toContain(email);

    // The history says it in words, and never shows an email's claim by its hash.
    const history = await admin.get('/history?eventType=AccountAdded');
    expect(history.status).toBe(200);
    expect(mainText(history.text)).toContain('Account added');
    const everything = await admin.get('/history');
    expect(mainText(everything.text)).toContain('Email address taken by an account');
    expect(everything.text).not.toMatch(/EmailClaimed|account-email-[0-9a-f]{64}/);

    const kim = await SignedInClient.signIn(server, email);
    expect((await kim.get('/report')).status).toBe(200);
  });

  it('changes a role, deactivates the account (its session refused at once) and reactivates it', async () => {
    const email = server.createAccount('BOARD_MEMBER', 'Bo Board');
    const person = await SignedInClient.signIn(server, email);
    expect((await person.get('/overview')).status).toBe(200);
    const accountPath = await accountPathOf('Bo Board');

    const page = await admin.get(accountPath);
    const noReason = await admin.postForm(accountPath, {
      commandId: commandIdOf(page.text),
      email,
      name: 'Bo Board',
      organisation: 'Reform Tracker tests',
      role: 'AUDITOR',
    });
    expect(summary(noReason.text)).toEqual(['#reason Enter why you are making this change']);
    const changed = await admin.postForm(accountPath, {
      commandId: commandIdOf(page.text),
      email,
      name: 'Bo Board',
      organisation: 'Reform Tracker tests',
      role: 'AUDITOR',
      reason: 'Moved to audit',
    });
    expect([changed.status, changed.location]).toEqual([303, accountPath]);
    expect(mainText((await admin.get(accountPath)).text)).toContain('Role Auditor');

    const unexplained = await admin.postForm(`${accountPath}/deactivate`, { reason: '' });
    expect(unexplained.status).toBe(400);
    expect(summary(unexplained.text)).toEqual([
      '#deactivate-reason Enter why you are making this change',
    ]);
    const deactivated = await admin.postForm(`${accountPath}/deactivate`, {
      reason: 'Left the board',
    });
    expect(deactivated.status).toBe(303);
    const refused = await person.get('/overview');
    expect([refused.status, refused.location]).toEqual([303, '/sign-in?next=%2Foverview']);
    expect(mainText((await admin.get(accountPath)).text)).toContain('Status Deactivated');
    const history = mainText((await admin.get(accountPath)).text);
    expect(history).toContain('Account deactivated');
    expect(history).toContain('by Ann Admin: Left the board');
    expect(history).toContain('Account details changed: role to Auditor');
    expect(history).toContain('by Ann Admin: Moved to audit');
    expect((await admin.get('/admin/accounts?status=deactivated')).text).toContain(email);
    expect((await admin.get('/admin/accounts?status=active')).text).not.toContain(email);

    const reactivated = await admin.postForm(`${accountPath}/reactivate`, {
      reason: 'Back on the board',
    });
    expect(reactivated.status).toBe(303);
    const back = await SignedInClient.signIn(server, email);
    expect((await back.get('/overview')).status).toBe(200);

    // Signed out everywhere from the account's page, as from the security log.
    await admin.get(accountPath);
    const ended = await admin.postForm(`${accountPath}/end-sessions`, { reason: 'Lost laptop' });
    expect(ended.status).toBe(303);
    const gone = await back.get('/overview');
    expect([gone.status, gone.location]).toEqual([303, '/sign-in?next=%2Foverview']);
    const log = mainText(
      (await admin.get(`/admin/security-log?email=${encodeURIComponent(email)}`)).text,
    );
    expect(log).toContain('Sessions ended');
    expect(log).toContain('ended by Ann Admin: Lost laptop');
  });

  it('refuses an admin deactivating themselves, in words', async () => {
    const ownPath = await accountPathOf('Ann Admin');
    await admin.get(ownPath);
    const refused = await admin.postForm(`${ownPath}/deactivate`, { reason: 'Trying' });
    expect(refused.status).toBe(400);
    expect(summary(refused.text)).toEqual([
      '#deactivate-reason You cannot deactivate your own account: ask another admin',
    ]);
    expect((await admin.get('/overview')).status).toBe(200);
  });

  it('shows a board member none of the admin pages, and changes nothing for a form without its CSRF token', async () => {
    const email = server.createAccount('BOARD_MEMBER', 'Nosy Board');
    const board = await SignedInClient.signIn(server, email);
    const accountPath = await accountPathOf('Nosy Board');
    for (const path of ['/admin/accounts', '/admin/accounts/new', accountPath])
      expect([path, (await board.get(path)).status]).toEqual([path, 403]);
    await board.get('/overview');
    for (const path of ['/admin/accounts/new', `${accountPath}/deactivate`]) {
      const posted = await board.postForm(path, {
        email: 'sneaky@example.org',
        name: 'Sneaky',
        organisation: 'Nowhere',
        role: 'ADMIN',
        reason: 'Because',
      });
      expect([path, posted.status]).toEqual([path, 403]);
    }

    await admin.get(accountPath);
    const forged = await admin.postForm(
      `${accountPath}/deactivate`,
      { reason: 'Forged' },
      { csrf: null },
    );
    expect(forged.status).toBe(403);
    expect(mainText((await admin.get(accountPath)).text)).toContain('Status Active');
    expect((await admin.get('/admin/accounts')).text).not.toContain('sneaky@example.org');
  });
});
