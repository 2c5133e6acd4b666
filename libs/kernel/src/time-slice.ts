import { InvalidInputError } from './domain-error';

/**
 * A bitemporal read: what the system had recorded at `asOf` (system time), about the world as
 * it stood on `validAt` (business time). Both null is "now, as known now". Both together answer
 * "what did we believe on 1 March about 1 January?".
 */
export interface TimeSlice {
  /** Only events recorded at or before this instant (ISO 8601, UTC). */
  asOf: string | null;
  /** The world at this instant (ISO 8601, UTC); a date means the end of that day. */
  validAt: string | null;
}

export const CURRENT: TimeSlice = { asOf: null, validAt: null };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO instant (UTC) from a date or an instant; a date means the start or the end of its day. */
export function instantOf(field: string, value: string, endOfDay: boolean): string {
  const text = DATE_ONLY.test(value) && endOfDay ? `${value}T23:59:59.999Z` : value;
  const time = DATE_ONLY.test(value) || INSTANT.test(value) ? Date.parse(text) : Number.NaN;
  if (
    Number.isNaN(time) ||
    (DATE_ONLY.test(value) && new Date(time).toISOString().slice(0, 10) !== value)
  ) {
    throw new InvalidInputError(
      field,
      'isoDateOrInstant',
      `${field} must be a date (YYYY-MM-DD) or an ISO 8601 instant`,
    );
  }
  return new Date(time).toISOString();
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

/** The calendar day a slice looks at: validAt, else asOf, else today. Overdue counts from it. */
export const dayOf = (slice: TimeSlice, now: Date): string =>
  (slice.validAt ?? slice.asOf ?? now.toISOString()).slice(0, 10);
