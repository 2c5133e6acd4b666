import type { SecurityLogEntry } from '@app/access';
import {
  SECURITY_LOG_PAGE_SIZE,
  securityLogPageOf,
  securityLogRequestOf,
} from './security-log.view';

const entry = (id: number, overrides: Partial<SecurityLogEntry> = {}): SecurityLogEntry => ({
  id,
  at: '2026-12-05T13:05:00.000Z',
  kind: 'SIGN_IN_REFUSED',
  method: 'email',
  accountId: null,
  email: 'eve@example.org',
  clientAddress: '192.0.2.7',
  detail: 'no account has this email',
  ...overrides,
});

describe('the security log page', () => {
  it('reads the email to filter by, and pages on only from an entry id', () => {
    expect(securityLogRequestOf({ email: ' Eve@Example.org ', before: '120' })).toEqual({
      email: 'eve@example.org',
      before: 120,
    });
    for (const before of ['0', '-1', '1.5', 'x', ['3']])
      expect(securityLogRequestOf({ before }).before).toBeUndefined();
  });

  it('says each entry in words, in UK time', () => {
    const { rows } = securityLogPageOf({ email: '' }, [entry(7)], new Map());
    expect(rows).toEqual([
      {
        accountId: null,
        when: '1:05pm on 5 December 2026',
        at: '2026-12-05T13:05:00.000Z',
        what: 'Sign-in refused',
        email: 'eve@example.org',
        how: 'Email link',
        clientAddress: '192.0.2.7',
        detail: 'no account has this email',
      },
    ]);
  });

  it('names the account of an entry that logged no email, so its link and button say whose', () => {
    const { rows } = securityLogPageOf(
      { email: '' },
      [entry(8, { kind: 'TOKEN_CREATED', accountId: 'a1', email: null }), entry(7)],
      new Map([['a1', 'tess@example.org']]),
    );
    expect(rows.map(({ accountId, email }) => [accountId, email])).toEqual([
      ['a1', 'tess@example.org'],
      [null, 'eve@example.org'],
    ]);
  });

  it('links to older entries only after a full page, keeping the filter, and back to the newest', () => {
    const full = Array.from({ length: SECURITY_LOG_PAGE_SIZE }, (_, index) => entry(200 - index));
    const first = securityLogPageOf({ email: 'eve@example.org' }, full, new Map());
    expect(first.olderHref).toBe(
      `/admin/security-log?email=eve%40example.org&before=${200 - SECURITY_LOG_PAGE_SIZE + 1}`,
    );
    expect(first.firstHref).toBeNull();
    const last = securityLogPageOf({ email: '', before: 151 }, [entry(150)], new Map());
    expect(last.olderHref).toBeNull();
    expect(last.firstHref).toBe('/admin/security-log');
  });
});
