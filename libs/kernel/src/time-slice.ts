import { isoDate, startOfBusinessDay } from './clock';
import { InvalidInputError } from './domain-error';

/**
 * A bitemporal read: what the system had recorded at `asOf` (system time), about the world as
 * it stood on `validAt` (business time). Both null is "now, as known now". Both together answer
 * "what did we believe on 1 March about 1 January?".
 */
export interface TimeSlice {
  /** Only events recorded at or before this instant (ISO 8601, UTC). */
  asOf: string | null;
  /** The world at this instant (ISO 8601, UTC); a date means the end of that day in England. */
  validAt: string | null;
}

export const CURRENT: TimeSlice = { asOf: null, validAt: null };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO instant (UTC) from a date or an instant; a date is a business date, so it means the
 * start or the end of its day in England.
 */
export function instantOf(field: string, value: string, endOfDay: boolean): string {
  const date = DATE_ONLY.test(value) ? value : null;
  const time = date || INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time) || (date && new Date(time).toISOString().slice(0, 10) !== date)) {
    throw new InvalidInputError(
      field,
      'isoDateOrInstant',
      `${field} must be a date (YYYY-MM-DD) or an ISO 8601 instant`,
    );
  }
  if (!date) return new Date(time).toISOString();
  if (!endOfDay) return startOfBusinessDay(date);
  const nextDay = new Date(time + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  return new Date(Date.parse(startOfBusinessDay(nextDay)) - 1).toISOString();
}

/** Reads and checks the two time axes of a query; a date-only asOf means the end of that day. */
export function timeSliceOf(asOf?: string | null, validAt?: string | null): TimeSlice {
  return {
    asOf: asOf ? instantOf('asOf', asOf, true) : null,
    validAt: validAt ? instantOf('validAt', validAt, true) : null,
  };
}

export const isCurrent = (slice: TimeSlice): boolean => !slice.asOf && !slice.validAt;

/** Whether the system had recorded an event by the slice's asOf. */
export const recordedBy =
  (slice: TimeSlice) =>
  (event: { recordedAt: string }): boolean =>
    !slice.asOf || event.recordedAt <= slice.asOf;

/** Whether a business instant had happened by the slice's validAt. */
export const happenedBy = (slice: TimeSlice, occurredAt: string): boolean =>
  !slice.validAt || occurredAt <= slice.validAt;

/**
 * The business date (in England) a slice looks at: validAt's, else asOf's, else today.
 * Overdue counts from it.
 */
export const dayOf = (slice: TimeSlice, now: Date): string =>
  isoDate(new Date(slice.validAt ?? slice.asOf ?? now));
