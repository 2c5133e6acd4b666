import { CURRENT, isoDate, TimeSlice, timeSliceOf } from '@app/kernel';
import { govukDate } from './dates';

/**
 * "As things stood on" (validAt, business time) and "as recorded on" (asOf, system time), read
 * from a page's query: GOV.UK date inputs (`validAt-day`, `validAt-month`, `validAt-year`, and
 * the same for `asOf`) from the page's form, or an ISO date (`?validAt=2026-01-31`) from links
 * and downloads.
 */

export type AsOfAxis = 'validAt' | 'asOf';
type Part = 'day' | 'month' | 'year';
const PARTS: readonly Part[] = ['day', 'month', 'year'];

/** A problem as GOV.UK's error summary lists it. */
export interface Problem {
  text: string;
  href: string;
}

/** One date input as `govukDateInput` takes it, with what was entered and its error. */
export interface DateField {
  id: string;
  /** The date understood (YYYY-MM-DD), or null when none was given or it is wrong. */
  date: string | null;
  errorMessage: { text: string } | null;
  items: { name: Part; value: string; classes: string }[];
}

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
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

const realDate = (year: number, month: number, day: number): string | null => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
    ? date.toISOString().slice(0, 10)
    : null;
};

const isoParts = (iso: string): Record<Part, string> => {
  const [year, month, day] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
};

type DateRead = {
  date: string | null;
  problem: string | null;
  wrong: Part[];
  entered: Record<Part, string>;
};

/**
 * Reads one date input: its date, or the problem with it in the words of the form. Left empty,
 * it is the fallback date, if any, shown in the input.
 */
function readDate(
  query: Query,
  id: string,
  described: string,
  today: string,
  fallback: string | null,
): DateRead {
  const entered = Object.fromEntries(
    PARTS.map((part) => [part, text(query[`${id}-${part}`])]),
  ) as Record<Part, string>;
  const iso = text(query[id]);
  const none = { date: null, problem: null, wrong: [] };
  if (PARTS.every((part) => !entered[part])) {
    if (!iso && fallback) return { ...none, date: fallback, entered: isoParts(fallback) };
    if (!iso) return { ...none, entered };
    if (!DATE_ONLY.test(iso) || !realDate(...isoNumbers(iso)))
      return {
        ...none,
        problem: `${described} must be a real date`,
        wrong: [...PARTS],
        entered,
      };
    return checkPast(described, iso, today, isoParts(iso));
  }
  const missing = PARTS.filter((part) => !entered[part]);
  if (missing.length > 0)
    return {
      ...none,
      problem: `${described} must include a ${missing.join(' and ')}`,
      wrong: missing,
      entered,
    };
  const bad = PARTS.filter(
    (part) => !(part === 'year' ? /^\d{4}$/ : /^\d{1,2}$/).test(entered[part]),
  );
  const date = bad.length
    ? null
    : realDate(Number(entered.year), Number(entered.month), Number(entered.day));
  if (!date)
    return {
      ...none,
      problem: `${described} must be a real date`,
      wrong: bad.length ? bad : [...PARTS],
      entered,
    };
  return checkPast(described, date, today, entered);
}

const isoNumbers = (iso: string): [number, number, number] =>
  iso.split('-').map(Number) as [number, number, number];

function checkPast(
  described: string,
  date: string,
  today: string,
  entered: Record<Part, string>,
): DateRead {
  return date > today
    ? {
        date: null,
        problem: `${described} must be today or in the past`,
        wrong: [...PARTS],
        entered,
      }
    : { date, problem: null, wrong: [], entered };
}

function fieldOf(id: string, read: DateRead): DateField {
  return {
    id,
    date: read.date,
    errorMessage: read.problem ? { text: read.problem } : null,
    items: PARTS.map((part) => ({
      name: part,
      value: read.entered[part],
      classes: [
        part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2',
        ...(read.wrong.includes(part) ? ['govuk-input--error'] : []),
      ].join(' '),
    })),
  };
}

/** The words that say what a figure is as of. */
export function asOfLabelOf(validAt: string | null, asOf: string | null, today: string): string {
  const said = [
    ...(validAt ? [`as things stood on ${govukDate(validAt)}`] : []),
    ...(asOf ? [`as recorded on ${govukDate(asOf)}`] : []),
  ];
  return said.length ? said.join(', ') : `as of ${govukDate(today)}`;
}

/**
 * A GOV.UK date input of a day today or in the past (`<id>-day`, `<id>-month`, `<id>-year`, or
 * an ISO `<id>` from a link): the day understood (`field.date`), the field as `govukDateInput`
 * takes it, and its problem for the error summary. `described` names the date in the form's
 * words ("The date things stood on"); left empty, the date is `fallback`.
 */
export function pastDateInput(
  query: Query,
  id: string,
  described: string,
  today: string,
  fallback: string | null = null,
): { field: DateField; problem: Problem | null } {
  const read = readDate(query, id, described, today, fallback);
  return {
    field: fieldOf(id, read),
    problem: read.problem ? { text: read.problem, href: `#${id}-${read.wrong[0] ?? 'day'}` } : null,
  };
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
