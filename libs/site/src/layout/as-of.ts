import { CURRENT, isoDate, TimeSlice, timeSliceOf } from '@app/kernel';
import {
  checkNotAfter,
  DATE_PARTS,
  dateField,
  type DateField,
  type DateInputRead,
  type DatePart,
  dateProblem,
  enteredDate,
  type Problem,
  readDateInput,
  realDate,
} from './date-input';
import { govukDate } from './dates';

/**
 * "As things stood on" (validAt, business time) and "as recorded on" (asOf, system time), read
 * from a page's query: GOV.UK date inputs (`validAt-day`, `validAt-month`, `validAt-year`, and
 * the same for `asOf`) from the page's form, or an ISO date (`?validAt=2026-01-31`) from links
 * and downloads.
 */

export type AsOfAxis = 'validAt' | 'asOf';

export type { DateField, Problem } from './date-input';

export interface AsOf {
  slice: TimeSlice;
  /** "as of 5 December 2026", "as things stood on 31 January 2026, as recorded on ...". */
  asOfLabel: string;
  problems: Problem[];
  fields: Record<AsOfAxis, DateField>;
  /** The slice as ISO query parameters for links and downloads ("" for now). */
  query: string;
}

type Query = Record<string, unknown>;

/** What the form calls each axis, for its error messages. */
const DESCRIBED: Record<AsOfAxis, string> = {
  validAt: 'The date things stood on',
  asOf: 'The date things were recorded on',
};

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const isoParts = (iso: string): Record<DatePart, string> => {
  const [year, month, day] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
};

/**
 * Reads one date input of a page's query: its date, or the problem with it in the words of the
 * form. Links and downloads carry it as an ISO date (`?validAt=2026-01-31`) when its boxes are
 * empty; with neither, it is the fallback date, if any, shown in the boxes (or, if `required`,
 * a problem).
 */
export function readDateQuery(
  query: Query,
  id: string,
  described: string,
  today: string,
  fallback: string | null,
  required = false,
): DateInputRead {
  const entered = enteredDate(query, id);
  const iso = typeof query[id] === 'string' ? query[id].trim() : '';
  if (DATE_PARTS.some((part) => entered[part]) || (!iso && !fallback)) {
    return readDateInput(entered, described, { notAfter: today, required });
  }
  if (!iso) return { date: fallback, problem: null, wrong: [], entered: isoParts(fallback!) };
  const date = DATE_ONLY.test(iso) ? realDate(...isoNumbers(iso)) : null;
  if (!date) {
    return {
      date: null,
      problem: `${described} must be a real date`,
      wrong: [...DATE_PARTS],
      entered,
    };
  }
  return checkNotAfter(date, described, isoParts(iso), today);
}

const isoNumbers = (iso: string): [number, number, number] =>
  iso.split('-').map(Number) as [number, number, number];

/** The words that say what a figure is as of. */
export function asOfLabelOf(validAt: string | null, asOf: string | null, today: string): string {
  const said = [
    ...(validAt ? [`as things stood on ${govukDate(validAt)}`] : []),
    ...(asOf ? [`as recorded on ${govukDate(asOf)}`] : []),
  ];
  return said.length ? said.join(', ') : `as of ${govukDate(today)}`;
}

/**
 * A date input of a page's GET form for a date not after today ("changes since"): its field
 * for `govukDateInput` and its problem for the error summary, if any.
 */
export function pastDateInput(
  query: Query,
  id: string,
  described: string,
  today: string,
  fallback: string | null = null,
): { field: DateField; problem: Problem | null } {
  const read = readDateQuery(query, id, described, today, fallback);
  return { field: dateField(id, read), problem: dateProblem(id, read)[0] ?? null };
}

/** Reads a page's "as of" controls; a date with a problem is left out of the slice. */
export function asOfQuery(query: Query, now: Date): AsOf {
  const today = isoDate(now);
  const validAt = pastDateInput(query, 'validAt', DESCRIBED.validAt, today);
  const asOf = pastDateInput(query, 'asOf', DESCRIBED.asOf, today);
  const slice =
    validAt.field.date || asOf.field.date
      ? timeSliceOf(asOf.field.date, validAt.field.date)
      : CURRENT;
  const params = new URLSearchParams();
  if (validAt.field.date) params.set('validAt', validAt.field.date);
  if (asOf.field.date) params.set('asOf', asOf.field.date);
  return {
    slice,
    asOfLabel: asOfLabelOf(validAt.field.date, asOf.field.date, today),
    problems: [validAt.problem, asOf.problem].filter((problem) => problem !== null),
    fields: { validAt: validAt.field, asOf: asOf.field },
    query: params.toString(),
  };
}
