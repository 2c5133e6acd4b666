import { DigestFrequency } from '@app/accounts';

export const REMINDERS_PATH = '/account/reminders';

/** Each choice of the form, in the person's words. */
const CHOICES: readonly { value: DigestFrequency; text: string; hint: string }[] = [
  { value: DigestFrequency.WEEKLY, text: 'Weekly', hint: 'On Mondays, from 7am' },
  { value: DigestFrequency.MONTHLY, text: 'Monthly', hint: 'On the 1st of each month, from 7am' },
  { value: DigestFrequency.NONE, text: 'Never', hint: 'No digests by email' },
];

/** The radios of the form, the person's current choice checked. */
export const frequencyItems = (chosen: DigestFrequency | null) =>
  CHOICES.map(({ value, text, hint }) => ({
    value,
    text,
    hint: { text: hint },
    checked: value === chosen,
  }));

export const NO_CHOICE = 'Select how often you want a digest of milestones';

/** The form as posted: the frequency chosen, or the problem in the person's words. */
export function readFrequencyForm(
  fields: Record<string, unknown>,
): { frequency: DigestFrequency } | { problem: { text: string; href: string } } {
  const chosen = CHOICES.find(({ value }) => value === fields.frequency);
  return chosen
    ? { frequency: chosen.value }
    : { problem: { text: NO_CHOICE, href: '#frequency' } };
}

/** What the page says after a change. */
export const frequencyNotice = (frequency: DigestFrequency): string =>
  frequency === DigestFrequency.NONE
    ? 'You will get no digests'
    : `You will get a digest ${frequency === DigestFrequency.WEEKLY ? 'every week' : 'every month'}`;
