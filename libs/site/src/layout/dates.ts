/**
 * Dates and times as GOV.UK writes them ("4 December 2026", "2:05pm", "midday"), in UK time
 * (Europe/London) whatever the server's zone: never "UTC" nor ISO.
 */

const ZONE = 'Europe/London';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const dayMonthYear = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: ZONE,
});
/** A business date names its day wherever it is read: formatted without moving it. */
const dayMonthYearAsIs = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const hourMinute = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: ZONE,
});

const instant = (value: string | Date): Date => {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date or instant: ${String(value)}`);
  return date;
};

/** "4 December 2026": a date (YYYY-MM-DD) as it is, an instant on its day in the UK. */
export function govukDate(value: string | Date): string {
  if (typeof value === 'string' && DATE_ONLY.test(value))
    return dayMonthYearAsIs.format(instant(`${value}T00:00:00Z`));
  return dayMonthYear.format(instant(value));
}

/** "2:05pm", "10am", "midday", "midnight": the time of an instant in the UK. */
export function govukTime(value: string | Date): string {
  const parts = hourMinute.formatToParts(instant(value));
  const hour = Number(parts.find((part) => part.type === 'hour')!.value);
  const minute = parts.find((part) => part.type === 'minute')!.value;
  if (minute === '00' && hour === 12) return 'midday';
  if (minute === '00' && hour === 0) return 'midnight';
  const clock = `${hour % 12 || 12}${minute === '00' ? '' : `:${minute}`}`;
  return `${clock}${hour < 12 ? 'am' : 'pm'}`;
}

/** "2:05pm on 4 December 2026". */
export const govukDateTime = (value: string | Date): string =>
  `${govukTime(value)} on ${govukDate(instant(value))}`;
