import type { Account, AccountDetails, AccountEvent } from '@app/accounts';
import type { RecordedEvent } from '@app/event-store';
import { DomainError, ErrorCode, Role } from '@app/kernel';
import type { Problem } from '../layout/date-input';
import { govukDateTime } from '../layout/dates';
import { EVENT_TYPE_NAMES } from '../history/history-filter';
import { ROLE_NAMES } from '../signed-in/signed-in-actor';
import { postedCommandId } from '../signed-in/command-id';

/**
 * The admins' account pages in words: the list and its filters, the account form read and
 * checked, and the accounts context's refusals put beside the fields they are about.
 */

type Fields = Record<string, unknown>;
/** The fields of the account form, in its order. */
export type AccountField = 'email' | 'name' | 'organisation' | 'role' | 'areaCodes' | 'reason';
const FIELDS: readonly AccountField[] = [
  'email',
  'name',
  'organisation',
  'role',
  'areaCodes',
  'reason',
];

/** Names an area by its code; undefined for a code no register knows. */
export type AreaNameOf = (areaCode: string) => string | undefined;

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (item): item is string => typeof item === 'string' && item !== '',
  );
const isRole = (value: string): value is Role => Object.hasOwn(ROLE_NAMES, value);
const isOfficer = (role: string): boolean => role === String(Role.LOCAL_AUTHORITY);

/** The list's filters as asked: a role, and active or deactivated accounts. */
export interface AccountsFilter {
  role?: Role;
  active?: boolean;
}

export function accountsFilterOf(query: Fields): AccountsFilter {
  const role = text(query.role);
  const status = text(query.status);
  return {
    ...(isRole(role) ? { role } : {}),
    ...(status === 'active' ? { active: true } : status === 'deactivated' ? { active: false } : {}),
  };
}

export interface AccountRow {
  href: string;
  name: string;
  email: string;
  role: string;
  organisation: string;
  areas: string;
  status: string;
  digest: string;
}

const DIGEST_NAMES: Readonly<Record<string, string>> = {
  WEEKLY: 'Weekly',
  MONTHLY: 'Monthly',
  NONE: 'None',
};

export const accountHref = (accountId: string): string =>
  `/admin/accounts/${encodeURIComponent(accountId)}`;

/** An account as a row of the list, and the summary of its page. */
export function accountRowOf(account: Account, areaName: AreaNameOf): AccountRow {
  return {
    href: accountHref(account.id),
    name: account.name,
    email: account.email,
    role: ROLE_NAMES[account.role] ?? account.role,
    organisation: account.organisation,
    areas: account.areaCodes.map((code) => areaName(code) ?? code).join(', '),
    status: account.active ? 'Active' : 'Deactivated',
    digest: DIGEST_NAMES[account.digest] ?? account.digest,
  };
}

/** The filters' select items, the chosen ones selected. */
export function accountsFilterItems(filter: AccountsFilter) {
  const status = filter.active === undefined ? '' : filter.active ? 'active' : 'deactivated';
  return {
    role: [
      { value: '', text: 'Any role', selected: !filter.role },
      ...Object.entries(ROLE_NAMES).map(([value, name]) => ({
        value,
        text: name,
        selected: value === String(filter.role),
      })),
    ],
    status: [
      { value: '', text: 'Active or deactivated', selected: status === '' },
      { value: 'active', text: 'Active', selected: status === 'active' },
      { value: 'deactivated', text: 'Deactivated', selected: status === 'deactivated' },
    ],
  };
}

/** What the account form holds, as typed, its problems, and the command id it sends. */
export interface AccountForm {
  commandId: string;
  values: {
    email: string;
    name: string;
    organisation: string;
    role: string;
    areaCodes: string[];
    reason: string;
  };
  errors: Partial<Record<AccountField, { text: string }>>;
  problems: Problem[];
}

export const emptyAccountForm = (commandId: string, account?: Account): AccountForm => ({
  commandId,
  values: {
    email: account?.email ?? '',
    name: account?.name ?? '',
    organisation: account?.organisation ?? '',
    role: account?.role ?? '',
    areaCodes: account ? [...account.areaCodes] : [],
    reason: '',
  },
  errors: {},
  problems: [],
});

/** Where the error summary takes the person for each field. */
const HREFS: Record<AccountField, string> = {
  email: '#email',
  name: '#name',
  organisation: '#organisation',
  role: '#role',
  areaCodes: '#areaCodes',
  reason: '#reason',
};

/** The form with these problems, each beside its field and in the summary, in the form's order. */
export function withProblems(
  form: AccountForm,
  found: Partial<Record<AccountField, string>>,
): AccountForm {
  const fields = FIELDS.filter((field) => found[field]);
  return {
    ...form,
    errors: Object.fromEntries(fields.map((field) => [field, { text: found[field] }])),
    problems: fields.map((field) => ({ text: found[field] as string, href: HREFS[field] })),
  };
}

/**
 * The account form as posted. What a person must give is checked here, so that every missing
 * answer shows at once; the accounts context checks the rest (the email's format and whether
 * it is taken, the areas) and its refusal comes back through `refusalWords`.
 */
export function readAccountForm(
  fields: Fields,
  newCommandId: () => string,
  { reasonRequired }: { reasonRequired: boolean },
): AccountForm {
  const posted = text(fields.commandId);
  const values = {
    email: text(fields.email),
    name: text(fields.name),
    organisation: text(fields.organisation),
    role: text(fields.role),
    areaCodes: list(fields.areaCodes),
    reason: text(fields.reason),
  };
  const form = {
    ...emptyAccountForm(postedCommandId(posted, newCommandId)),
    values,
  };
  return withProblems(form, {
    email: values.email ? undefined : 'Enter the email address the person signs in with',
    name: values.name ? undefined : "Enter the person's name",
    organisation: values.organisation ? undefined : 'Enter the organisation the person works for',
    role: isRole(values.role) ? undefined : "Select the person's role",
    areaCodes:
      isOfficer(values.role) && values.areaCodes.length === 0
        ? 'Select the areas a local authority officer reports for'
        : undefined,
    reason: reasonRequired && !values.reason ? 'Enter why you are making this change' : undefined,
  });
}

/** A form of an account's page whose only field is its reason: deactivate, reactivate, end sessions. */
export interface ReasonForm {
  change: string;
  reason: string;
  commandId: string;
  error: { text: string } | null;
}

export function readReasonForm(
  change: string,
  fields: Fields,
  newCommandId: () => string,
): ReasonForm {
  const reason = text(fields.reason);
  return {
    change,
    reason,
    commandId: postedCommandId(text(fields.commandId), newCommandId),
    error: reason ? null : { text: 'Enter why you are making this change' },
  };
}

/** The details a checked form sends; areas ticked for another role are the context's to refuse. */
export const accountDetailsOf = ({ values }: AccountForm): AccountDetails => ({
  email: values.email,
  name: values.name,
  organisation: values.organisation,
  role: values.role as Role,
  areaCodes: values.areaCodes,
});

/**
 * A refusal of the accounts context in the form's words, on the field it is about; null for
 * one the form cannot say (a failure, or a refusal of access, which the pages' filter shows).
 */
export function refusalWords(error: unknown): { field: AccountField; text: string } | null {
  if (!(error instanceof DomainError)) return null;
  const field = typeof error.details.field === 'string' ? error.details.field : null;
  const rule = typeof error.details.rule === 'string' ? error.details.rule : null;
  if (error.code === ErrorCode.ALREADY_EXISTS && field === 'email') {
    return { field: 'email', text: 'An account with this email address already exists' };
  }
  if (error.code === ErrorCode.UNKNOWN_AREA) {
    const codes = Array.isArray(error.details.areaCodes) ? error.details.areaCodes : [];
    return {
      field: 'areaCodes',
      text: `Select areas from the list: ${codes.join(', ')} is not a local authority the tracker knows`,
    };
  }
  if (error.code === ErrorCode.FORBIDDEN && field === 'accountId') {
    return { field: 'reason', text: 'You cannot deactivate your own account: ask another admin' };
  }
  // "The account of … is already deactivated": a change made meanwhile, in words already.
  if (error.code === ErrorCode.INVALID_TRANSITION) return { field: 'reason', text: error.message };
  if (error.code !== ErrorCode.BAD_USER_INPUT) return null;
  switch (`${field}.${rule}`) {
    case 'email.emailAddress':
      return {
        field: 'email',
        text: 'Enter an email address in the correct format, like name@example.gov.uk',
      };
    case 'email.maxLength':
      return { field: 'email', text: 'The email address must be 254 characters or fewer' };
    case 'name.maxLength':
      return { field: 'name', text: 'The name must be 200 characters or fewer' };
    case 'organisation.maxLength':
      return { field: 'organisation', text: 'The organisation must be 200 characters or fewer' };
    case 'areaCodes.onlyForLocalAuthority':
      return {
        field: 'areaCodes',
        text: 'Only a local authority officer reports for areas: clear the areas, or choose that role',
      };
    case 'areaCodes.unique':
      return { field: 'areaCodes', text: 'Select each area once' };
    case 'changes.somethingToChange':
      return { field: 'email', text: 'Change at least one detail: the account already has these' };
    case 'reason.required':
      return { field: 'reason', text: 'Enter why you are making this change' };
    default:
      // Text with hidden characters and the like: the context's own words name the field.
      return field === 'name' || field === 'organisation' ? { field, text: error.message } : null;
  }
}

/** The local authorities by region as checkboxes, those of the form ticked. */
export function areaCheckboxes(
  groups: readonly { label: string; areas: readonly { areaCode: string; name: string }[] }[],
  chosen: readonly string[],
) {
  return groups.map((group) => ({
    label: group.label,
    items: group.areas.map((area) => ({
      value: area.areaCode,
      text: area.name,
      checked: chosen.includes(area.areaCode),
    })),
  }));
}

/** The roles as radios, the chosen one checked. */
export const roleRadios = (chosen: string) =>
  Object.entries(ROLE_NAMES).map(([value, name]) => ({
    value,
    text: name,
    checked: value === chosen,
  }));

/** A step of an account's history, in words. */
export interface AccountHistoryEntry {
  what: string;
  at: string;
  when: string;
  by: string;
  why: string;
}

const DIGEST_BY: Readonly<Record<string, string>> = {
  PERSON: 'by the person',
  UNSUBSCRIBE_LINK: 'by the unsubscribe link in a digest',
  ADMIN: 'by an admin',
};

/** What an event of the account's stream did, with the details it changed. */
function accountStepOf(event: AccountEvent, areaName: AreaNameOf): string {
  const title = EVENT_TYPE_NAMES[event.type] ?? event.type;
  if (event.type === 'AccountChanged') {
    const changes = event.data;
    const said = [
      changes.email !== undefined && `email to ${changes.email}`,
      changes.name !== undefined && `name to ${changes.name}`,
      changes.role !== undefined && `role to ${ROLE_NAMES[changes.role] ?? changes.role}`,
      changes.organisation !== undefined && `organisation to ${changes.organisation}`,
      changes.areaCodes !== undefined &&
        `areas to ${changes.areaCodes.map((code) => areaName(code) ?? code).join(', ') || 'none'}`,
    ].filter((words): words is string => typeof words === 'string');
    return said.length ? `${title}: ${said.join('; ')}` : title;
  }
  if (event.type === 'DigestFrequencyChosen') {
    const frequency = DIGEST_NAMES[event.data.frequency] ?? event.data.frequency;
    return `${title}: ${frequency.toLowerCase()}, ${DIGEST_BY[event.data.by] ?? ''}`.trim();
  }
  return title;
}

/** The account's stream, newest first, in words: what, when, who and why. */
export function accountHistoryOf(
  events: readonly RecordedEvent[],
  areaName: AreaNameOf,
): AccountHistoryEntry[] {
  return events.map((event) => {
    const metadata = event.metadata as { actor?: { name?: string }; reason?: string | null };
    return {
      what: accountStepOf(event as unknown as AccountEvent, areaName),
      at: event.recordedAt,
      when: govukDateTime(event.recordedAt),
      by: metadata.actor?.name ?? 'Not recorded',
      why: metadata.reason ?? '',
    };
  });
}
