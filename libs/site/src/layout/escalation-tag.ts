import { escalationLevel, escalationWords } from '@app/reminders';

/** The colour of each escalation level, hotter as it climbs. */
const CLASSES = ['', 'govuk-tag--yellow', 'govuk-tag--orange', 'govuk-tag--red'] as const;

/**
 * An overdue milestone's escalation as a GOV.UK tag ("Escalated: 60 days overdue"), the words
 * the digests use; null before its first level (30 days).
 */
export function escalationTag(daysOverdue: number): { text: string; classes: string } | null {
  const text = escalationWords(daysOverdue);
  return text ? { text, classes: CLASSES[escalationLevel(daysOverdue)] } : null;
}
