import { CURRENT, isoDate, TimeSlice, timeSliceOf } from '@app/kernel';
import {
  dateFieldOf,
  dateProblemsOf,
  readDateInput,
  refused,
  type DateField,
  type DateRead,
  type Problem,
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
  fields: Record<AsOfAxis, DateField<AsOfAxis>>;
  /** The slice as ISO query parameters for links and downloads ("" for now). */
  query: string;
}

type Query = Record<string, unknown>;

/** What the form calls each axis, for its error messages. */
const DESCRIBED: Record<AsOfAxis, string> = {
  validAt: 'The date things stood on',
  asOf: 'The date things were recorded on',
};

/** Reads one axis: its date, or the problem with it in the words of the form. */
function readAxis(query: Query, axis: AsOfAxis, today: string): DateRead {
  const read = readDateInput(query, axis, DESCRIBED[axis]);
  return read.date && read.date > today
    ? refused(read, `${DESCRIBED[axis]} must be today or in the past`)
    : read;
}

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
  const problems = [...dateProblemsOf('validAt', validAt), ...dateProblemsOf('asOf', asOf)];
  const slice = validAt.date || asOf.date ? timeSliceOf(asOf.date, validAt.date) : CURRENT;
  const params = new URLSearchParams();
  if (validAt.date) params.set('validAt', validAt.date);
  if (asOf.date) params.set('asOf', asOf.date);
  return {
    slice,
    asOfLabel: asOfLabelOf(validAt.date, asOf.date, today),
    problems,
    fields: { validAt: dateFieldOf('validAt', validAt), asOf: dateFieldOf('asOf', asOf) },
    query: params.toString(),
  };
}
