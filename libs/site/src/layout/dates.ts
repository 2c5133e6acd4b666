// Temporary stand-in for P1's libs/site/src/layout/dates.ts (the integrator keeps P1's).
const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** "4 December 2026": a date (YYYY-MM-DD) as is, an instant on its day in England. */
export const govukDate = (isoDateOrInstant: string): string =>
  DATE.format(
    new Date(
      /^\d{4}-\d{2}-\d{2}$/.test(isoDateOrInstant)
        ? `${isoDateOrInstant}T12:00:00Z`
        : isoDateOrInstant,
    ),
  );
