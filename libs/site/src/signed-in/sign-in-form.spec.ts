import { Role } from '@app/kernel';
import { nextPageOf, pastedTokenOf } from './sign-in-form';
import { homeOf, signedInActorView } from './signed-in-actor';

describe('the sign-in form', () => {
  it('takes the token as pasted, without the spaces copied with it', () => {
    expect(pastedTokenOf({ token: '  rt_abc.def\n' })).toEqual({ token: 'rt_abc.def' });
  });

  it('asks for a token when none was entered', () => {
    for (const token of [undefined, '', '   ', ['rt_a']])
      expect(pastedTokenOf({ token })).toEqual({
        problem: { text: 'Enter your access token', href: '#token' },
      });
  });

  it("goes on only to this site's own pages", () => {
    expect(nextPageOf('/history?page=2')).toBe('/history?page=2');
    for (const next of ['//evil.example', 'https://evil.example', '/\\evil', 'history', '/a\nb', 3])
      expect(nextPageOf(next)).toBeNull();
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
    expect(view.navigation.map((item) => item.href)).toEqual(['/overview', '/report']);
    expect(homeOf(officer.role)).toBe('/report');
  });

  it('gives the board, auditors and admins the programmes and the history, but not the report; admins the webhooks', () => {
    for (const role of [Role.BOARD_MEMBER, Role.AUDITOR, Role.ADMIN]) {
      const view = signedInActorView({ id: 't', name: 'N', role, organisation: null });
      expect(view.navigation.map((item) => item.href)).toEqual([
        '/overview',
        '/overview/programmes',
        '/history',
        ...(role === Role.ADMIN ? ['/admin/webhooks'] : []),
      ]);
      expect(homeOf(role)).toBe('/overview');
    }
    expect(
      signedInActorView({ id: 't', name: 'N', role: Role.AUDITOR, organisation: null }).description,
    ).toBe('Auditor');
  });
});
