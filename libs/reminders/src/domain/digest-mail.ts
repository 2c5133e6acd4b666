import { type Digest, type DigestLine, milestonesIn, type Recipient } from './digest';
import { escalationWords } from './escalation';
import { type DigestCadence, dateInWords, type DigestPeriod } from './period';

/** Where a digest's links go: absolute URLs, as a mail reader needs them. */
export interface DigestLinks {
  /** `/report` for an officer, `/overview` for a board member. */
  page: string;
  /** `/account/reminders`: weekly, monthly or none. */
  preferences: string;
  /** The one-click unsubscribe address (also in the List-Unsubscribe header). */
  unsubscribe: string;
}

const plural = (count: number, one: string, many: string): string =>
  `${count} ${count === 1 ? one : many}`;

/** "Due 1 September 2026, 95 days overdue. Escalated: 90 days overdue (level 3)." */
function when(line: DigestLine): string {
  const due = `Due ${dateInWords(line.targetDate)}`;
  if (line.daysOverdue === 0) return `${due}.`;
  const escalated = escalationWords(line.daysOverdue);
  return `${due}, ${plural(line.daysOverdue, 'day', 'days')} overdue. ${
    escalated ? `${escalated} (escalation level ${line.escalation}).` : 'Not escalated yet.'
  }`;
}

const officerLine = (line: DigestLine): string =>
  `- ${line.programme}, ${line.area}: ${line.milestone}. ${when(line)}`;

function officerText(digest: Extract<Digest, { kind: 'OFFICER' }>): string[] {
  const section = (title: string, lines: DigestLine[], none: string) => [
    `${title} (${lines.length}):`,
    ...(lines.length ? lines.map(officerLine) : [none]),
    '',
  ];
  return [
    ...section('Overdue', digest.overdue, 'None.'),
    ...section('Due in the next 30 days', digest.dueSoon, 'None.'),
  ];
}

function boardText(digest: Extract<Digest, { kind: 'BOARD' }>): string[] {
  return digest.groups.flatMap((group) => [
    `${group.programme}, ${group.region} (${group.milestones.length} overdue):`,
    ...group.milestones.map((line) => `- ${line.area}: ${line.milestone}. ${when(line)}`),
    '',
  ]);
}

/**
 * A digest as a plain-text mail: who it is for, each milestone with its programme, area, due
 * date, days overdue and escalation, where to see them, and how to change or stop the digests.
 */
export function digestMail(
  recipient: Pick<Recipient, 'name'>,
  cadence: DigestCadence,
  period: DigestPeriod,
  digest: Digest,
  links: DigestLinks,
): { subject: string; text: string } {
  const count = milestonesIn(digest);
  const officer = digest.kind === 'OFFICER';
  const about = officer
    ? `${plural(count, 'milestone', 'milestones')} for ${digest.areas.join(' and ')}`
    : `${plural(count, 'overdue milestone', 'overdue milestones')} by programme and region`;
  const text = [
    `Dear ${recipient.name},`,
    '',
    `Your ${cadence === 'WEEKLY' ? 'weekly' : 'monthly'} digest from Reform Tracker for ${period.words}: ${about}.`,
    '',
    ...(officer ? officerText(digest) : boardText(digest)),
    officer
      ? `See them and report progress: ${links.page}`
      : `See what is late on the overview: ${links.page}`,
    '',
    `You get this digest every ${cadence === 'WEEKLY' ? 'week' : 'month'}. To get it weekly, monthly or not at all: ${links.preferences}`,
    `To stop these digests now: ${links.unsubscribe}`,
    '',
  ].join('\n');
  return { subject: `Reform Tracker digest for ${period.words}: ${about}`, text };
}
