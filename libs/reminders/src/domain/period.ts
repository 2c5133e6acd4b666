import { isoDate, startOfBusinessDay } from '@app/kernel';

/** How often a digest goes: the accounts context's DigestFrequency but NONE (no digest at all). */
export type DigestCadence = 'WEEKLY' | 'MONTHLY';

/** A digest's period and the instant from which its digest is due. */
export interface DigestPeriod {
  /** `2026-W49` (an ISO week, counted in England) or `2026-12`. */
  key: string;
  /** The period in words, for the mail: "the week of 30 November 2026", "December 2026". */
  words: string;
  /** ISO 8601: 07:00 in England on the period's Monday or 1st. */
  dueFrom: string;
}

/** Digests go from 07:00 in England, at the start of the working day. */
const SEND_FROM_HOUR = 7;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const utcDay = (date: string): Date => new Date(`${date}T00:00:00Z`);
const dateOf = (day: Date): string => day.toISOString().slice(0, 10);

/** A date (YYYY-MM-DD) in words, as GOV.UK writes it: "1 December 2026". */
export const dateInWords = (date: string): string =>
  utcDay(date).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });

/** The ISO 8601 week of a date: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(date: string): { year: number; week: number; monday: string } {
  const day = utcDay(date);
  const weekday = day.getUTCDay() || 7;
  const monday = new Date(day.getTime() - (weekday - 1) * DAY_MS);
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return { year, week, monday: dateOf(monday) };
}

/**
 * 07:00 in England on a date. Monday and the 1st are never the day the clocks change (always a
 * Sunday, and the last one of March or October), so the day's start plus seven hours is exact.
 */
const sevenInTheMorning = (date: string): string =>
  new Date(Date.parse(startOfBusinessDay(date)) + SEND_FROM_HOUR * HOUR_MS).toISOString();

/** The period `now` falls in (its date counted in England), for a weekly or monthly digest. */
export function periodOf(cadence: DigestCadence, now: Date): DigestPeriod {
  const today = isoDate(now);
  if (cadence === 'WEEKLY') {
    const { year, week, monday } = isoWeek(today);
    return {
      key: `${year}-W${String(week).padStart(2, '0')}`,
      words: `the week of ${dateInWords(monday)}`,
      dueFrom: sevenInTheMorning(monday),
    };
  }
  const first = `${today.slice(0, 7)}-01`;
  return {
    key: today.slice(0, 7),
    words: utcDay(first).toLocaleDateString('en-GB', {
      timeZone: 'UTC',
      month: 'long',
      year: 'numeric',
    }),
    dueFrom: sevenInTheMorning(first),
  };
}

/**
 * The period whose digest is due at `now`, or null before 07:00 on its Monday or 1st. A digest
 * not sent on its day (the server was down) is still due later in its period, never after it.
 */
export function duePeriod(cadence: DigestCadence, now: Date): DigestPeriod | null {
  const period = periodOf(cadence, now);
  return now.getTime() >= Date.parse(period.dueFrom) ? period : null;
}
