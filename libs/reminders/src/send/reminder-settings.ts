/** What the reminders need of the configuration (from @app/core, which provides it). */
export interface ReminderSettings {
  /** Where people reach the site, for the links in the mail (PUBLIC_URL, or the server's own address). */
  publicUrl: string;
  /** Seconds between two looks for digests due by the server; 0: never (the CLI, or switched off). */
  intervalSeconds: number;
  /** How long a claim on a digest being sent holds before another process may take it over. */
  claimMs: number;
}

export const REMINDER_SETTINGS = Symbol('REMINDER_SETTINGS');
