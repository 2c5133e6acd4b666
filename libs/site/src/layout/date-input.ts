/**
 * GOV.UK date inputs (day, month and year boxes) read the way the Design System asks: every
 * problem in the words of the form ("The date the milestone was achieved must include a
 * month"), the boxes at fault marked, and what was typed kept so it can be corrected.
 */

export type DatePart = 'day' | 'month' | 'year';
export const DATE_PARTS: readonly DatePart[] = ['day', 'month', 'year'];

/** A problem as GOV.UK's error summary lists it. */
export interface Problem {
  text: string;
  href: string;
}

/** What one date input holds, as read. */
export interface DateInputRead {
  /** The date understood (YYYY-MM-DD), or null when none was given or it is wrong. */
  date: string | null;
  problem: string | null;
  /** The boxes at fault: the first is where the error summary's link goes. */
  wrong: DatePart[];
  entered: Record<DatePart, string>;
}

/** One date input as `govukDateInput` takes it (its id is also its name prefix). */
export interface DateField {
  id: string;
  date: string | null;
  errorMessage: { text: string } | null;
  items: { name: DatePart; value: string; classes: string }[];
}

export interface DateRules {
  /** Leaving every box empty is a problem ("Enter ..."), not "no date". */
  required?: boolean;
  /** Today (YYYY-MM-DD, England's): a later date is refused. */
  notAfter?: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** The boxes of the date input named `name` in a form's fields (`name-day`, ...), trimmed. */
export const enteredDate = (
  fields: Record<string, unknown>,
  name: string,
): Record<DatePart, string> =>
  Object.fromEntries(DATE_PARTS.map((part) => [part, text(fields[`${name}-${part}`])])) as Record<
    DatePart,
    string
  >;

/** YYYY-MM-DD when the day exists, else null. */
export function realDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
    ? date.toISOString().slice(0, 10)
    : null;
}

/** "The date ..." as the start of "Enter the date ...". */
const lowerFirst = (words: string): string => words.charAt(0).toLowerCase() + words.slice(1);

/**
 * Reads what was typed into one date input. `described` names the date as an error message
 * starts ("The date the milestone was achieved"). Pure.
 */
export function readDateInput(
  entered: Record<DatePart, string>,
  described: string,
  { required = false, notAfter }: DateRules = {},
): DateInputRead {
  const wrong = (problem: string, parts: readonly DatePart[]): DateInputRead => ({
    date: null,
    problem,
    wrong: [...parts],
    entered,
  });
  if (DATE_PARTS.every((part) => !entered[part])) {
    return required
      ? wrong(`Enter ${lowerFirst(described)}`, DATE_PARTS)
      : { date: null, problem: null, wrong: [], entered };
  }
  const missing = DATE_PARTS.filter((part) => !entered[part]);
  if (missing.length > 0)
    return wrong(`${described} must include a ${missing.join(' and ')}`, missing);
  const bad = DATE_PARTS.filter(
    (part) => !(part === 'year' ? /^\d{4}$/ : /^\d{1,2}$/).test(entered[part]),
  );
  const date = bad.length
    ? null
    : realDate(Number(entered.year), Number(entered.month), Number(entered.day));
  if (!date) return wrong(`${described} must be a real date`, bad.length ? bad : DATE_PARTS);
  return checkNotAfter(date, described, entered, notAfter);
}

/** A date read: refused when later than `notAfter`. */
export function checkNotAfter(
  date: string,
  described: string,
  entered: Record<DatePart, string>,
  notAfter: string | undefined,
): DateInputRead {
  return notAfter && date > notAfter
    ? {
        date: null,
        problem: `${described} must be today or in the past`,
        wrong: [...DATE_PARTS],
        entered,
      }
    : { date, problem: null, wrong: [], entered };
}

/** The date input's model for `govukDateInput`, its boxes at fault marked. */
export function dateField(id: string, read: DateInputRead): DateField {
  return {
    id,
    date: read.date,
    errorMessage: read.problem ? { text: read.problem } : null,
    items: DATE_PARTS.map((part) => ({
      name: part,
      value: read.entered[part],
      classes: [
        part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2',
        ...(read.wrong.includes(part) ? ['govuk-input--error'] : []),
      ].join(' '),
    })),
  };
}

/** The error summary's item for a date input's problem: it links to the first box at fault. */
export const dateProblem = (id: string, read: DateInputRead): Problem[] =>
  read.problem ? [{ text: read.problem, href: `#${id}-${read.wrong[0] ?? 'day'}` }] : [];
