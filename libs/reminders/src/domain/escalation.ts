/** Days overdue at which a milestone climbs to escalation levels 1, 2 and 3. */
export const ESCALATION_THRESHOLDS = [30, 60, 90] as const;

export type EscalationLevel = 0 | 1 | 2 | 3;

/** How far an overdue milestone has escalated: 0 before 30 days, then 1, 2 and 3 at 30, 60, 90. */
export const escalationLevel = (daysOverdue: number): EscalationLevel =>
  ESCALATION_THRESHOLDS.filter((days) => daysOverdue >= days).length as EscalationLevel;

/** The escalation in words, as the pages and the digests say it; null before the first level. */
export function escalationWords(daysOverdue: number): string | null {
  const level = escalationLevel(daysOverdue);
  return level === 0 ? null : `Escalated: ${ESCALATION_THRESHOLDS[level - 1]} days overdue`;
}
