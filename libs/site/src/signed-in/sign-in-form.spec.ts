import { Role } from '@app/kernel';
import { durationInWords, enteredEmailOf, nextPageOf } from './sign-in-form';
import { signInMail } from './sign-in-mail';
import { homeOf, signedInActorView } from './signed-in-actor';

describe('the sign-in form', () => {
  it('takes the email as accounts keep it, without the spaces copied with it', () => {
    expect(enteredEmailOf({ email: '  Ada.Board@Example.GOV.uk\n' })).toEqual({
      email: 'ada.board@example.gov.uk',
    });
  });

  it('asks for an email when none was entered, and for one in the right format', () => {
    for (const email of [undefined, '', '   ', ['a@b.uk']])
      expect(enteredEmailOf({ email })).toEqual({
        problem: { text: 'Enter your email address', href: '#email' },
      });
    for (const email of [
      'ada',
      'ada@',
      '@example.org',
      'ada@example',
      'a da@example.org',
      // Refused as the accounts refuse it: no account can have such an address.
      'ada@example..org',
      'ada@-example.org',
      `${'a'.repeat(250)}@b.uk`,
    ])
      expect(enteredEmailOf({ email })).toEqual({
        problem: {
          text: 'Enter an email address in the correct format, like name@example.com',
          href: '#email',
        },
      });
  });

  it('says how long a link or a session lasts in words', () => {
    expect(durationInWords(15 * 60_000)).toBe('15 minutes');
    expect(durationInWords(60_000)).toBe('1 minute');
    expect(durationInWords(12 * 3_600_000)).toBe('12 hours');
    expect(durationInWords(3_600_000)).toBe('1 hour');
    expect(durationInWords(10_000)).toBe('10 seconds');
  });

  it("goes on only to this site's own pages", () => {
    expect(nextPageOf('/history?page=2')).toBe('/history?page=2');
    for (const next of ['//evil.example', 'https://evil.example', '/\\evil', 'history', '/a\nb', 3])
      expect(nextPageOf(next)).toBeNull();
  });
});

describe('the mail of a sign-in link', () => {
  it('says whom it is for, the link, that it works once for its time, and what to do if not asked for', () => {
    const mail = signInMail({
      to: 'ada@example.org',
      name: 'Ada Board',
      link: 'https://tracker.example/sign-in/link/abc',
      linkTime: '15 minutes',
      signInPage: 'https://tracker.example/sign-in',
    });
    expect(mail).toMatchObject({
      to: 'ada@example.org',
      subject: 'Your link to sign in to Reform Tracker',
    });
    expect(mail.html).toBeUndefined();
    expect(mail.text).toContain('Dear Ada Board,');
    expect(mail.text).toContain('as ada@example.org');
    expect(mail.text).toContain('\nhttps://tracker.example/sign-in/link/abc\n');
    expect(mail.text).toContain('The link works once, for 15 minutes.');
    expect(mail.text).toContain('https://tracker.example/sign-in');
    expect(mail.text).toContain('If you did not ask to sign in, you need do nothing');
  });
});

describe('who is signed in', () => {
  const officer = {
    id: 't1',
    name: 'Olu Officer',
    role: Role.LOCAL_AUTHORITY,
    organisation: 'E09000022',
  };

  it('names the role and the area in words, and offers the pages of the role', () => {
    const view = signedInActorView(officer, (code) =>
      code === 'E09000022' ? 'Lambeth' : undefined,
    );
    expect(view.description).toBe('Local authority officer, Lambeth');
    expect(view.navigation.map((item) => item.href)).toEqual([
      '/overview',
      '/report',
      '/account/reminders',
      '/account/tokens',
    ]);
    expect(homeOf(officer.role)).toBe('/report');
  });

  it('names every area of an officer of a shared service', () => {
    const names: Record<string, string> = { E09000022: 'Lambeth', E09000028: 'Southwark' };
    const view = (areaCodes: string[]) =>
      signedInActorView({ ...officer, areaCodes }, (code) => names[code]).description;
    expect(view(['E09000022', 'E09000028'])).toBe('Local authority officer, Lambeth and Southwark');
    expect(view(['E09000022', 'E09000028', 'E09000030'])).toBe(
      'Local authority officer, Lambeth, Southwark and E09000030',
    );
  });

  it('gives the board, auditors and admins the programmes and the history, but not the report; admins the accounts, the webhooks and the security log; the board its digests; everyone their API tokens', () => {
    for (const role of [Role.BOARD_MEMBER, Role.AUDITOR, Role.ADMIN]) {
      const view = signedInActorView({ id: 't', name: 'N', role, organisation: null });
      expect(view.navigation.map((item) => item.href)).toEqual([
        '/overview',
        '/overview/programmes',
        '/history',
        ...(role === Role.ADMIN
          ? ['/admin/accounts', '/admin/webhooks', '/admin/security-log']
          : []),
        ...(role === Role.BOARD_MEMBER ? ['/account/reminders'] : []),
        '/account/tokens',
      ]);
      expect(homeOf(role)).toBe('/overview');
    }
    expect(
      signedInActorView({ id: 't', name: 'N', role: Role.AUDITOR, organisation: null }).description,
    ).toBe('Auditor');
  });
});
