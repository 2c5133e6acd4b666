import { createHash } from 'crypto';
import { type Actor, idForCommand, type Role } from '@app/kernel';

/** What a fold reads of a stored event. */
type Fact = { type: string; data: object };

/** How often a person wants their digest of milestones; NONE after an unsubscribe. */
export enum DigestFrequency {
  WEEKLY = 'WEEKLY',
  MONTHLY = 'MONTHLY',
  NONE = 'NONE',
}

/** A person who signs in: folded from the account's own stream (`account-<id>`). */
export interface Account {
  /** A UUID, the id of the actor on every event the person writes. */
  id: string;
  /** Lower-cased; unique among accounts (claimed in its own stream). */
  email: string;
  name: string;
  role: Role;
  /** Who they work for, in words ("Lambeth Council", "Department for Education"). */
  organisation: string;
  /** ONS GSS codes a local authority officer reports for (one or more); [] for other roles. */
  areaCodes: string[];
  active: boolean;
  digest: DigestFrequency;
  /** When an admin last ended all the person's sessions (ISO 8601), if ever. */
  sessionsEndedAt: string | null;
  /** The stream's version, for expected versions. */
  version: number;
}

/** The actor an account acts as: its first area is the organisation recorded on events. */
export const actorOfAccount = (account: Account): Actor => ({
  id: account.id,
  name: account.name,
  role: account.role,
  organisation: account.areaCodes[0] ?? null,
  ...(account.areaCodes.length > 1 ? { areaCodes: [...account.areaCodes] } : {}),
});

/** What an admin records of a person. */
export interface AccountDetails {
  email: string;
  name: string;
  role: Role;
  organisation: string;
  areaCodes: string[];
}

/** Who chose a digest frequency: the person, an unsubscribe link in a digest, or an admin. */
export enum DigestChoiceBy {
  PERSON = 'PERSON',
  UNSUBSCRIBE_LINK = 'UNSUBSCRIBE_LINK',
  ADMIN = 'ADMIN',
}

export type AccountEvent =
  | { type: 'AccountAdded'; data: AccountDetails }
  /** Only the details that changed. */
  | { type: 'AccountChanged'; data: Partial<AccountDetails> }
  | { type: 'AccountDeactivated'; data: Record<string, never> }
  | { type: 'AccountReactivated'; data: Record<string, never> }
  /** Every session started up to `endedAt` (when the admin asked) is over. */
  | { type: 'AccountSessionsEnded'; data: { endedAt: string } }
  | { type: 'DigestFrequencyChosen'; data: { frequency: DigestFrequency; by: DigestChoiceBy } };

/** The claim on an email: which account holds it. */
export type EmailClaimEvent =
  | { type: 'EmailClaimed'; data: { accountId: string } }
  | { type: 'EmailReleased'; data: { accountId: string } };

export const ACCOUNT_STREAM_PREFIX = 'account-';
export const accountStream = (accountId: string): string => `${ACCOUNT_STREAM_PREFIX}${accountId}`;

/** The claims on emails share the accounts' prefix, so one projection follows both. */
export const EMAIL_CLAIM_STREAM_PREFIX = `${ACCOUNT_STREAM_PREFIX}email-`;

/** Trimmed and lower-cased: how an email is stored, claimed and looked up. */
export const normalisedEmail = (email: string): string => email.trim().toLowerCase();

/** WHATWG HTML's rule for an email field, with a dot in the domain: a sane address. */
const EMAIL_PATTERN =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
/** The longest address SMTP carries (RFC 5321 with its errata). */
export const EMAIL_MAX_LENGTH = 254;

/**
 * The rule a normalised email breaks, or null for one an account may have: the one rule for
 * the accounts' commands and the sign-in form, each saying it in its own words.
 */
export function brokenEmailRule(
  normalised: string,
): 'required' | 'maxLength' | 'emailAddress' | null {
  if (normalised === '') return 'required';
  if (normalised.length > EMAIL_MAX_LENGTH) return 'maxLength';
  return EMAIL_PATTERN.test(normalised) ? null : 'emailAddress';
}

/**
 * The stream that says which account holds an email. Named by a hash, so that stream names
 * (in logs and the audit trail's filters) carry no address; one stream per email lets one
 * append with expected versions settle two admins adding the same email at once.
 */
export const emailClaimStream = (email: string): string =>
  `${EMAIL_CLAIM_STREAM_PREFIX}${createHash('sha256').update(normalisedEmail(email)).digest('hex')}`;

/** The id of the account an AddAccount command creates, from the command's id (see idForCommand). */
export const accountIdFor = (commandId: string): string => idForCommand('account', commandId);

/** An account as its stream records it, or null before it was added. */
export const foldAccount = (id: string, events: readonly Fact[]): Account | null =>
  events.reduce<Account | null>((account, event) => evolveAccount(account, id, event), null);

/** The account after one more event of its stream. Pure. */
export function evolveAccount(before: Account | null, id: string, fact: Fact): Account | null {
  const event = fact as AccountEvent;
  const version = (before?.version ?? 0) + 1;
  if (event.type === 'AccountAdded') {
    return {
      id,
      ...event.data,
      areaCodes: [...event.data.areaCodes],
      active: true,
      digest: DigestFrequency.WEEKLY,
      sessionsEndedAt: null,
      version,
    };
  }
  return before && { ...before, ...evolved(event), version };
}

function evolved(event: AccountEvent): Partial<Account> {
  switch (event.type) {
    case 'AccountChanged':
      return event.data;
    case 'AccountDeactivated':
      return { active: false };
    case 'AccountReactivated':
      return { active: true };
    case 'AccountSessionsEnded':
      return { sessionsEndedAt: event.data.endedAt };
    case 'DigestFrequencyChosen':
      return { digest: event.data.frequency };
    default:
      return {};
  }
}

/** The account that holds an email, by its claim stream, or null when none does. */
export function emailHolder(events: readonly Fact[]): string | null {
  let holder: string | null = null;
  for (const stored of events) {
    const event = stored as unknown as EmailClaimEvent;
    if (event.type === 'EmailClaimed') holder = event.data.accountId;
    else if (event.type === 'EmailReleased' && holder === event.data.accountId) holder = null;
  }
  return holder;
}
