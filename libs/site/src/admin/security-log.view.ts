import type { SecurityEventKind, SecurityLogEntry } from '@app/access';
import { govukDateTime } from '../layout/dates';

/** Entries on one page of the security log. */
export const SECURITY_LOG_PAGE_SIZE = 50;

/** What happened, in an admin's words. */
const KIND_NAMES: Readonly<Record<SecurityEventKind, string>> = {
  SIGN_IN_LINK_SENT: 'Sign-in link sent',
  SIGNED_IN: 'Signed in',
  SIGNED_OUT: 'Signed out',
  SIGN_IN_REFUSED: 'Sign-in refused',
  RATE_LIMITED: 'Too many attempts',
  SESSIONS_ENDED: 'Sessions ended',
  TOKEN_CREATED: 'API token created',
  TOKEN_REVOKED: 'API token revoked',
};

const METHOD_NAMES: Readonly<Record<string, string>> = {
  email: 'Email link',
  oidc: 'Single sign-on',
  token: 'API token',
};

/** The page asked for: an email to filter by, and the entry to page on from. */
export interface SecurityLogRequest {
  email: string;
  before?: number;
}

/** The query as given: an email trimmed, a `before` only if it is an entry's id. */
export function securityLogRequestOf(query: Record<string, unknown>): SecurityLogRequest {
  const email = typeof query.email === 'string' ? query.email.trim().toLowerCase() : '';
  const before =
    typeof query.before === 'string' && /^[1-9]\d{0,15}$/.test(query.before)
      ? Number(query.before)
      : undefined;
  return { email, before };
}

/** The address of a page of the log: filtered by email, from an entry on. */
export function securityLogHref({ email, before }: SecurityLogRequest): string {
  const search = new URLSearchParams({
    ...(email ? { email } : {}),
    ...(before ? { before: String(before) } : {}),
  }).toString();
  return `/admin/security-log${search ? `?${search}` : ''}`;
}

export interface SecurityLogRow {
  /** The account concerned, whose sessions an admin may end. */
  accountId: string | null;
  when: string;
  at: string;
  what: string;
  email: string;
  how: string;
  clientAddress: string;
  detail: string;
}

/**
 * The rows of a page, and the link to the older entries when there may be more. An entry of an
 * account that logged no email (a token made or revoked, a sign-out) shows the account's email
 * from `accountEmails`, so that its link and button say whose they are.
 */
export function securityLogPageOf(
  request: SecurityLogRequest,
  entries: SecurityLogEntry[],
  accountEmails: ReadonlyMap<string, string>,
): { rows: SecurityLogRow[]; olderHref: string | null; firstHref: string | null } {
  const link = (before?: number) => securityLogHref({ email: request.email, before });
  return {
    rows: entries.map((entry) => ({
      accountId: entry.accountId,
      when: govukDateTime(entry.at),
      at: entry.at,
      what: KIND_NAMES[entry.kind] ?? entry.kind,
      email: entry.email ?? (entry.accountId && accountEmails.get(entry.accountId)) ?? '',
      how: entry.method ? (METHOD_NAMES[entry.method] ?? entry.method) : '',
      clientAddress: entry.clientAddress ?? '',
      detail: entry.detail ?? '',
    })),
    olderHref:
      entries.length === SECURITY_LOG_PAGE_SIZE ? link(entries[entries.length - 1].id) : null,
    firstHref: request.before ? link() : null,
  };
}
