import type { AccountEvent, EmailClaimEvent } from '@app/accounts';
import type { AuditFilter } from '@app/audit';
import type { SourceEvent } from '@app/sources';
import {
  DATE_PARTS,
  dateField,
  dateProblem,
  enteredDate,
  readDateInput,
  type DateField,
  type DateInputRead,
  type Problem,
} from '../layout/date-input';
import { govukDate } from '../layout/dates';
import { ROLE_NAMES } from '../signed-in/signed-in-actor';

/**
 * The history page's filters, read from its GET form (so a filtered history is a link anyone
 * signed in can share): every choice from a list, the dates from GOV.UK date inputs.
 */

/** What happens to an account, in an admin's words. */
const ACCOUNT_EVENT_NAMES: Readonly<Record<AccountEvent['type'], string>> = {
  AccountAdded: 'Account added',
  AccountChanged: 'Account details changed',
  AccountDeactivated: 'Account deactivated',
  AccountReactivated: 'Account reactivated',
  AccountSessionsEnded: 'Account signed out everywhere',
  DigestFrequencyChosen: 'Digest frequency chosen',
};

/** What happens to a source, in the register's words. */
const SOURCE_EVENT_NAMES: Readonly<Record<SourceEvent['type'], string>> = {
  SourceAdded: 'Source added',
  SourceCorrected: 'Source corrected',
};

/**
 * The claims on email addresses that keep them unique: in the history's entries, but not
 * among its filters, as they only ever go with an account added or its email changed.
 */
export const EMAIL_CLAIM_NAMES: Readonly<Record<string, string>> = {
  EmailClaimed: 'Email address taken by an account',
  EmailReleased: 'Email address given up by an account',
} satisfies Record<EmailClaimEvent['type'], string>;

/** Every event type the store holds, in words, in the order of a recommendation's life. */
export const EVENT_TYPE_NAMES: Readonly<Record<string, string>> = {
  RecommendationProposed: 'Recommendation proposed',
  RecommendationAccepted: 'Recommendation accepted',
  RecommendationRejected: 'Recommendation rejected',
  RecommendationFunded: 'Recommendation funded',
  RecommendationPilotStarted: 'Pilot started',
  RecommendationRolledOut: 'Recommendation rolled out',
  RecommendationWithdrawn: 'Recommendation withdrawn',
  RecommendationResponseRecorded: "Government's response recorded",
  RecommendationLinked: 'Recommendations linked',
  ProgrammeCreated: 'Programme created',
  MilestoneTargetSet: 'Milestone target set',
  ProgrammeFactRecorded: "Programme's fact recorded",
  ProgrammeFactCorrected: "Programme's fact corrected",
  NationalMilestoneReached: 'National milestone reached',
  NationalMilestoneCorrected: 'National milestone corrected',
  AreaEnrolled: 'Area enrolled in a programme',
  MilestoneAchieved: 'Milestone achieved',
  MilestoneAchievementCorrected: 'Milestone date corrected',
  MilestoneAchievementWithdrawn: 'Milestone withdrawn',
  StatusReported: 'Status reported',
  AreaWithdrawn: 'Area withdrawn from a programme',
  AreaSucceeded: 'Local authority replaced by new ones',
  ...SOURCE_EVENT_NAMES,
  EvaluationPublished: 'Evaluation published',
  EvaluationCorrected: 'Evaluation corrected',
  GrantAllocated: 'Grant allocated',
  GrantAllocationCorrected: 'Grant allocation corrected',
  GrantAllocationWithdrawn: 'Grant allocation withdrawn',
  AuditTrailSealed: 'Audit trail sealed',
  ...ACCOUNT_EVENT_NAMES,
};

/** Which time the dates filter: when a step happened (business time) or was recorded. */
export type DatesOf = 'happened' | 'recorded';
export type Order = 'newest' | 'oldest';

/** The read model's range of each kind of date. */
export const DATE_RANGES: Record<DatesOf, { from: keyof AuditFilter; to: keyof AuditFilter }> = {
  happened: { from: 'occurredFrom', to: 'occurredTo' },
  recorded: { from: 'recordedFrom', to: 'recordedTo' },
};

/** The lists the filters choose from (their values; names are the view's business). */
export interface FilterChoices {
  programmeIds: ReadonlySet<string>;
  recommendationIds: ReadonlySet<string>;
  areaCodes: ReadonlySet<string>;
}

/** What each list filter is called in its error message. */
const LIST_FILTERS = {
  eventType: 'an event type',
  role: 'a role',
  programmeId: 'a programme',
  areaCode: 'a local authority',
  recommendationId: 'a recommendation',
} as const;
type ListFilter = keyof typeof LIST_FILTERS;

export interface HistoryRequest {
  /** The read model's filter; applied only when there are no problems. */
  filter: AuditFilter;
  order: Order;
  /** The cursor of the page asked for (null: the first page). */
  after: string | null;
  problems: Problem[];
  /** The error message beside each list whose choice is not one of its own. */
  errors: Partial<Record<ListFilter, { text: string }>>;
  /** What each filter holds, to fill the form again ('' for any). */
  chosen: Record<ListFilter, string> & { dates: DatesOf; order: Order };
  fields: { from: DateField; to: DateField };
  /** Whether any filter narrows the history. */
  filtered: boolean;
  /** The filters and order as a query string (no page), for links and downloads. */
  query: string;
}

type Query = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function isChoice(name: ListFilter, value: string, choices: FilterChoices): boolean {
  switch (name) {
    case 'eventType':
      return value in EVENT_TYPE_NAMES;
    case 'role':
      return value in ROLE_NAMES;
    case 'programmeId':
      return choices.programmeIds.has(value);
    case 'areaCode':
      return choices.areaCodes.has(value);
    case 'recommendationId':
      return choices.recommendationIds.has(value);
  }
}

/** The range's end must not come before its start (both whole days). */
export function checkRange(from: DateInputRead, to: DateInputRead): DateInputRead {
  return from.date && to.date && to.date < from.date
    ? {
        date: null,
        problem: `The to date must be the same as or after ${govukDate(from.date)}`,
        wrong: [...DATE_PARTS],
        entered: to.entered,
      }
    : to;
}

/** Reads and checks the history page's query: its filters, their problems, its page. */
export function historyRequestOf(query: Query, choices: FilterChoices): HistoryRequest {
  const problems: Problem[] = [];
  const errors: HistoryRequest['errors'] = {};
  const chosen = Object.fromEntries(
    (Object.keys(LIST_FILTERS) as ListFilter[]).map((name) => {
      const value = text(query[name]);
      if (value && !isChoice(name, value, choices)) {
        errors[name] = { text: `Select ${LIST_FILTERS[name]} from the list` };
        problems.push({ ...errors[name], href: `#${name}` });
      }
      return [name, value];
    }),
  ) as Record<ListFilter, string>;
  const dates: DatesOf = text(query.dates) === 'recorded' ? 'recorded' : 'happened';
  const order: Order = text(query.order) === 'oldest' ? 'oldest' : 'newest';
  const from = readDateInput(enteredDate(query, 'from'), 'The from date');
  const to = checkRange(from, readDateInput(enteredDate(query, 'to'), 'The to date'));
  problems.push(...dateProblem('from', from), ...dateProblem('to', to));
  const range = DATE_RANGES[dates];
  const filter: AuditFilter = {
    ...Object.fromEntries(Object.entries(chosen).filter(([, value]) => value)),
    ...(from.date ? { [range.from]: from.date } : {}),
    ...(to.date ? { [range.to]: to.date } : {}),
  };
  const params = new URLSearchParams(Object.entries(chosen).filter(([, value]) => value));
  if (from.date || to.date) params.set('dates', dates);
  for (const [name, read] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (read.date) for (const part of DATE_PARTS) params.set(`${name}-${part}`, read.entered[part]);
  }
  if (order === 'oldest') params.set('order', order);
  return {
    filter,
    order,
    after: text(query.after) || null,
    problems,
    errors,
    chosen: { ...chosen, dates, order },
    fields: { from: dateField('from', from), to: dateField('to', to) },
    filtered: Object.keys(filter).length > 0,
    query: params.toString(),
  };
}
