import { InvalidInputError } from './domain-error';

/** Injectable source of "now", so rules that depend on today can be tested. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock stopped at one instant: tests pin "today" (for overdue milestones) with it. */
export class FixedClock extends Clock {
  constructor(private readonly instant: Date) {
    super();
  }

  now(): Date {
    return new Date(this.instant);
  }
}

/** Business dates are dates in England, whatever the server's time zone. */
export const BUSINESS_TIME_ZONE = 'Europe/London';

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: BUSINESS_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The wall-clock reading in England at an instant, as numbers. */
function londonParts(
  time: number,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts = Object.fromEntries(
    LONDON.formatToParts(time).map((part) => [part.type, Number(part.value)]),
  );
  return parts as ReturnType<typeof londonParts>;
}

/**
 * The calendar date in England (YYYY-MM-DD) of an instant: "today", "in the future" and
 * "overdue" are counted from it, so that from midnight to 01:00 in British Summer Time it is
 * already tomorrow. Business dates compare as strings.
 */
export function isoDate(instant: Date): string {
  const time = instant.getTime();
  // Reading the zone's clock costs microseconds, and an import asks for "today" on every row.
  if (time >= lastDay.from && time < lastDay.to) return lastDay.date;
  const { year, month, day } = londonParts(time);
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const next = new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
  lastDay = {
    from: Date.parse(startOfBusinessDay(date)),
    to: Date.parse(startOfBusinessDay(next)),
    date,
  };
  return date;
}

/** The England day isoDate last answered, and the instants it spans. */
let lastDay = { from: 0, to: 0, date: '' };

/** How far England's clocks are ahead of UTC at an instant, in milliseconds (0 or 1 hour). */
function londonOffset(time: number): number {
  const { year, month, day, hour, minute, second } = londonParts(time);
  return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(time / 1000) * 1000;
}

/**
 * The instant a business date (YYYY-MM-DD) begins in England: the occurredAt of a fact known
 * only by its date. The offset is read at that midnight, not at UTC midnight, so the day the
 * clocks change is right too.
 */
export function startOfBusinessDay(date: string): string {
  let start = dayStarts.get(date);
  if (start === undefined) {
    const utcMidnight = Date.parse(`${date}T00:00:00.000Z`);
    start = new Date(
      utcMidnight - londonOffset(utcMidnight - londonOffset(utcMidnight)),
    ).toISOString();
    // Imports and folds ask for the same few dates again and again; a bound keeps it small.
    if (dayStarts.size >= MAX_DAY_STARTS) dayStarts.clear();
    dayStarts.set(date, start);
  }
  return start;
}

const MAX_DAY_STARTS = 10_000;
const dayStarts = new Map<string, string>();

/** Business time may be back-dated, but a fact cannot be recorded as happening later than now. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/**
 * The one rule for every command's occurredAt: at most five minutes ahead of now (clocks
 * differ a little); anything later is refused, whatever the kind of fact.
 */
export function assertNotInFuture(occurredAt: string, now: Date): void {
  if (Date.parse(occurredAt) > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw new InvalidInputError(
      'occurredAt',
      'notInFuture',
      `occurredAt ${occurredAt} is in the future`,
    );
  }
}
