import { createHash } from 'crypto';
import { canonicalJson, Role } from '@app/kernel';
import { escalationLevel, type EscalationLevel } from './escalation';

/**
 * What a digest reads of the rollout, as the rollout context's roll-ups give it (an area's
 * progress through a programme's milestones on a day); handed in, so the rules stay pure.
 */
export interface ProgrammeFacts {
  programme: { id: string; name: string };
  areas: readonly AreaFacts[];
}

export interface AreaFacts {
  areaCode: string;
  areaName: string;
  regionName: string;
  withdrawnOn: string | null;
  milestones: readonly {
    key: string;
    title: string;
    targetDate: string | null;
    achievedOn: string | null;
    overdue: boolean;
  }[];
  overdue: readonly { key: string; title: string; targetDate: string; daysOverdue: number }[];
}

/** Who a digest is for: an account as the accounts context has it. */
export interface Recipient {
  id: string;
  name: string;
  email: string;
  role: Role;
  areaCodes: readonly string[];
}

/** One milestone in a digest. */
export interface DigestLine {
  programme: string;
  area: string;
  region: string;
  milestone: string;
  targetDate: string;
  /** 0 for a milestone not yet due. */
  daysOverdue: number;
  escalation: EscalationLevel;
}

/**
 * An officer's digest: their areas' overdue milestones and those due in the next 30 days. A
 * board member's: every overdue milestone, by programme and region.
 */
export type Digest =
  | { kind: 'OFFICER'; areas: string[]; overdue: DigestLine[]; dueSoon: DigestLine[] }
  | {
      kind: 'BOARD';
      groups: { programme: string; region: string; milestones: DigestLine[] }[];
    };

/** How far ahead an officer's digest looks for milestones coming due. */
export const DUE_SOON_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAfter = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const lineOf = (
  programme: ProgrammeFacts['programme'],
  area: AreaFacts,
  milestone: { title: string; targetDate: string },
  daysOverdue: number,
): DigestLine => ({
  programme: programme.name,
  area: area.areaName,
  region: area.regionName,
  milestone: milestone.title,
  targetDate: milestone.targetDate,
  daysOverdue,
  escalation: escalationLevel(daysOverdue),
});

/** Most overdue first, then by programme, area and milestone, so equal content reads equal. */
const byMostOverdue = (a: DigestLine, b: DigestLine): number =>
  b.daysOverdue - a.daysOverdue ||
  a.targetDate.localeCompare(b.targetDate) ||
  a.programme.localeCompare(b.programme) ||
  a.area.localeCompare(b.area) ||
  a.milestone.localeCompare(b.milestone);

const overdueLines = (programmes: readonly ProgrammeFacts[], inArea: (a: AreaFacts) => boolean) =>
  programmes.flatMap(({ programme, areas }) =>
    areas
      .filter(inArea)
      .flatMap((area) =>
        area.overdue.map((milestone) => lineOf(programme, area, milestone, milestone.daysOverdue)),
      ),
  );

/**
 * The digest a person gets on `today` (YYYY-MM-DD, in England): a local authority officer's of
 * their areas (one or several), a board member's of everything overdue; null for the roles that
 * get none (auditors, admins).
 */
export function digestFor(
  recipient: Recipient,
  programmes: readonly ProgrammeFacts[],
  today: string,
): Digest | null {
  switch (recipient.role) {
    case Role.LOCAL_AUTHORITY:
      return officerDigest(recipient.areaCodes, programmes, today);
    case Role.BOARD_MEMBER:
      return boardDigest(programmes);
    default:
      return null;
  }
}

function officerDigest(
  areaCodes: readonly string[],
  programmes: readonly ProgrammeFacts[],
  today: string,
): Digest {
  const theirs = (area: AreaFacts) => areaCodes.includes(area.areaCode);
  const horizon = daysAfter(today, DUE_SOON_DAYS);
  const dueSoon = programmes.flatMap(({ programme, areas }) =>
    areas
      .filter((area) => theirs(area) && area.withdrawnOn === null)
      .flatMap((area) =>
        area.milestones
          .filter(
            (m): m is typeof m & { targetDate: string } =>
              !m.achievedOn &&
              !m.overdue &&
              m.targetDate !== null &&
              m.targetDate >= today &&
              m.targetDate <= horizon,
          )
          .map((milestone) => lineOf(programme, area, milestone, 0)),
      ),
  );
  const areas = new Set(
    programmes.flatMap(({ areas }) => areas.filter(theirs).map((area) => area.areaName)),
  );
  return {
    kind: 'OFFICER',
    areas: [...areas].sort(),
    overdue: overdueLines(programmes, theirs).sort(byMostOverdue),
    dueSoon: dueSoon.sort(byMostOverdue),
  };
}

function boardDigest(programmes: readonly ProgrammeFacts[]): Digest {
  const groups = new Map<string, { programme: string; region: string; milestones: DigestLine[] }>();
  for (const line of overdueLines(programmes, () => true)) {
    const key = `${line.programme}\n${line.region}`;
    const group = groups.get(key) ?? {
      programme: line.programme,
      region: line.region,
      milestones: [],
    };
    group.milestones.push(line);
    groups.set(key, group);
  }
  return {
    kind: 'BOARD',
    groups: [...groups.values()]
      .map((group) => ({ ...group, milestones: group.milestones.sort(byMostOverdue) }))
      .sort((a, b) => a.programme.localeCompare(b.programme) || a.region.localeCompare(b.region)),
  };
}

/** How many milestones a digest lists: none means no mail. */
export const milestonesIn = (digest: Digest): number =>
  digest.kind === 'OFFICER'
    ? digest.overdue.length + digest.dueSoon.length
    : digest.groups.reduce((total, group) => total + group.milestones.length, 0);

/**
 * SHA-256 (hex) of the canonical JSON of a period's digest: what was sent is recorded by it, so
 * a digest sent again after a crash can be told to be the same content.
 */
export const contentHash = (period: string, digest: Digest): string =>
  createHash('sha256').update(canonicalJson({ period, digest })).digest('hex');
