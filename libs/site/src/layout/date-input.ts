/**
 * GOV.UK date inputs read from a form's fields (`<name>-day`, `<name>-month`, `<name>-year`),
 * or an ISO date (`?<name>=2026-01-31`) from links and downloads, with the problems in the
 * words of the Design System's date input guidance.
 */

export type DatePart = 'day' | 'month' | 'year';
const PARTS: readonly DatePart[] = ['day', 'month', 'year'];

/** A problem as GOV.UK's error summary lists it. */
export interface Problem {
  text: string;
  href: string;
}

/** What one date input holds: the date understood, or the problem with what was entered. */
export interface DateRead {
  /** The date understood (YYYY-MM-DD), or null when none was given or it is wrong. */
  date: string | null;
  problem: string | null;
  /** The parts to mark as wrong (the first is where the error summary links to). */
  wrong: DatePart[];
  /** What was entered, shown again so it can be corrected. */
  entered: Record<DatePart, string>;
}

/** One date input as `govukDateInput` takes it, with what was entered and its error. */
export interface DateField<Id extends string = string> {
  id: Id;
  date: string | null;
  errorMessage: { text: string } | null;
  items: { name: DatePart; value: string; classes: string }[];
}

type Query = Record<string, unknown>;

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

const isoParts = (iso: string): Record<DatePart, string> => {
  const [year, month, day] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
};

const isoNumbers = (iso: string): [number, number, number] =>
  iso.split('-').map(Number) as [number, number, number];

/**
 * Reads the date input `name`; `described` names it in messages ("The date things stood on").
 * Nothing entered is no date and no problem: the caller says whether one is needed.
 */
export function readDateInput(query: Query, name: string, described: string): DateRead {
  const entered = Object.fromEntries(
    PARTS.map((part) => [part, text(query[`${name}-${part}`])]),
  ) as Record<DatePart, string>;
  const iso = text(query[name]);
  if (PARTS.every((part) => !entered[part])) {
    if (!iso) return { date: null, problem: null, wrong: [], entered };
    if (!DATE_ONLY.test(iso) || !realDate(...isoNumbers(iso)))
      return refused({ entered }, `${described} must be a real date`);
    return { date: iso, problem: null, wrong: [], entered: isoParts(iso) };
  }
  const missing = PARTS.filter((part) => !entered[part]);
  if (missing.length > 0)
    return refused({ entered }, `${described} must include a ${missing.join(' and ')}`, missing);
  const bad = PARTS.filter(
    (part) => !(part === 'year' ? /^\d{4}$/ : /^\d{1,2}$/).test(entered[part]),
  );
  const date = bad.length
    ? null
    : realDate(Number(entered.year), Number(entered.month), Number(entered.day));
  if (!date) return refused({ entered }, `${described} must be a real date`, bad);
  return { date, problem: null, wrong: [], entered };
}

/** A date input refused with `problem` (a rule the whole date breaks unless `wrong` says). */
export const refused = (
  read: Pick<DateRead, 'entered'>,
  problem: string,
  wrong: DatePart[] = [],
): DateRead => ({
  date: null,
  problem,
  wrong: wrong.length ? wrong : [...PARTS],
  entered: read.entered,
});

/** The date input's model for `govukDateInput`: what was entered, its error, its wrong parts. */
export function dateFieldOf<Id extends string>(id: Id, read: DateRead): DateField<Id> {
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

/** The error summary's item for the date input `id`, linked to its first wrong part. */
export const dateProblemsOf = (id: string, read: DateRead): Problem[] =>
  read.problem ? [{ text: read.problem, href: `#${id}-${read.wrong[0] ?? 'day'}` }] : [];
