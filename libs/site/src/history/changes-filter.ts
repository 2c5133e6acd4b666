import type { ChangeDates } from '@app/audit';
import { readDateQuery } from '../layout/as-of';
import { dateField, dateProblem, type DateField, type Problem } from '../layout/date-input';
import { govukDate } from '../layout/dates';
import { checkRange, DATE_RANGES, type DatesOf } from './history-filter';

/**
 * The changes page's question, from its GET form (or a link: `?from=2026-01-01&to=2026-03-31`):
 * the two dates, and on which time axis they are read, as the history's dates are.
 */
export interface ChangesRequest {
  axis: DatesOf;
  fields: { from: DateField; to: DateField };
  problems: Problem[];
  /** The range to read; null until both dates are given and right. */
  dates: ChangeDates | null;
  /** "between 1 January 2026 and 31 March 2026, by the date things happened". */
  label: string;
  /** The question as ISO query parameters, for the download and the board pack. */
  query: string;
}

const AXIS_WORDS: Record<DatesOf, string> = {
  happened: 'by the date things happened',
  recorded: 'by the date they were recorded',
};

type Query = Record<string, unknown>;

/** Whether the page was asked anything: a first visit shows the form alone. */
const asked = (query: Query): boolean =>
  Object.keys(query).some((key) => /^(from|to)(-day|-month|-year)?$/.test(key));

/** Reads and checks the changes page's query; `today` bounds both dates. */
export function changesRequestOf(query: Query, today: string): ChangesRequest {
  const axis: DatesOf = query.axis === 'recorded' ? 'recorded' : 'happened';
  const required = asked(query);
  const from = readDateQuery(query, 'from', 'The from date', today, null, required);
  const to = checkRange(from, readDateQuery(query, 'to', 'The to date', today, null, required));
  const problems = [...dateProblem('from', from), ...dateProblem('to', to)];
  const range = DATE_RANGES[axis];
  const dates =
    from.date && to.date && !problems.length
      ? { [range.from]: from.date, [range.to]: to.date }
      : null;
  return {
    axis,
    fields: { from: dateField('from', from), to: dateField('to', to) },
    problems,
    dates,
    label:
      from.date && to.date
        ? `between ${govukDate(from.date)} and ${govukDate(to.date)}, ${AXIS_WORDS[axis]}`
        : '',
    query: dates ? new URLSearchParams({ from: from.date!, to: to.date!, axis }).toString() : '',
  };
}
