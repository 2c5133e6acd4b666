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

/** The calendar date (YYYY-MM-DD, UTC) of an instant: business dates compare as strings. */
export const isoDate = (instant: Date): string => instant.toISOString().slice(0, 10);
