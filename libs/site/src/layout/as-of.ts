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
 * Reads one axis: its date, or the problem with it in the words of the form. Links and
 * downloads carry it as an ISO date (`?validAt=2026-01-31`) when its boxes are empty.
 */
function readAxis(query: Query, axis: AsOfAxis, today: string): DateInputRead {
  const entered = enteredDate(query, axis);
  const iso = typeof query[axis] === 'string' ? query[axis].trim() : '';
  if (DATE_PARTS.some((part) => entered[part]) || !iso) {
    return readDateInput(entered, DESCRIBED[axis], { notAfter: today });
  }
  const date = DATE_ONLY.test(iso) ? realDate(...isoNumbers(iso)) : null;
  if (!date) {
    return {
      date: null,
      problem: `${DESCRIBED[axis]} must be a real date`,
      wrong: [...DATE_PARTS],
      entered,
    };
  }
  return checkNotAfter(date, DESCRIBED[axis], isoParts(iso), today);
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

/** Reads a page's "as of" controls; a date with a problem is left out of the slice. */
export function asOfQuery(query: Query, now: Date): AsOf {
  const today = isoDate(now);
  const validAt = readAxis(query, 'validAt', today);
  const asOf = readAxis(query, 'asOf', today);
  const problems = (
    [
      ['validAt', validAt],
      ['asOf', asOf],
    ] as const
  ).flatMap(([axis, read]) => dateProblem(axis, read));
  const slice = validAt.date || asOf.date ? timeSliceOf(asOf.date, validAt.date) : CURRENT;
  const params = new URLSearchParams();
  if (validAt.date) params.set('validAt', validAt.date);
  if (asOf.date) params.set('asOf', asOf.date);
  return {
    slice,
    asOfLabel: asOfLabelOf(validAt.date, asOf.date, today),
    problems,
    fields: { validAt: dateField('validAt', validAt), asOf: dateField('asOf', asOf) },
    query: params.toString(),
  };
}
