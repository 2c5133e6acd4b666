import { csvHeader, csvRow } from '@app/kernel';
import type { ProgrammeState } from '../domain/programme';
import type { AreaProgress } from '../domain/roll-up';

/** The export's columns, in order: one row per area, as the roll-up shows it. */
export const ROLLOUT_CSV_COLUMNS = [
  'programmeId',
  'programmeName',
  'areaCode',
  'areaName',
  'regionCode',
  'regionName',
  'stage',
  'pilot',
  'wave',
  'enrolledOn',
  'withdrawnOn',
  'milestonesAchieved',
  'milestonesTotal',
  'lastMilestoneKey',
  'lastMilestoneAchievedOn',
  'rag',
  'statusPeriod',
  'overdueCount',
  'mostOverdueKey',
  'mostOverdueTargetDate',
  'asOf',
] as const;

type Cell = string | number | boolean | null;

export type RolloutRow = Record<(typeof ROLLOUT_CSV_COLUMNS)[number], Cell>;

/** One area of a programme's roll-up as the export's row, stamped with the instant it was taken. */
export function rolloutRowOf(
  programme: ProgrammeState,
  area: AreaProgress,
  asOf: string,
): RolloutRow {
  const mostOverdue = area.overdue.reduce<AreaProgress['overdue'][number] | null>(
    (most, milestone) => (!most || milestone.daysOverdue > most.daysOverdue ? milestone : most),
    null,
  );
  return {
    programmeId: programme.id,
    programmeName: programme.name,
    areaCode: area.areaCode,
    areaName: area.areaName,
    regionCode: area.regionCode,
    regionName: area.regionName,
    stage: area.stage,
    pilot: area.pilot,
    wave: area.wave,
    enrolledOn: area.enrolledOn,
    withdrawnOn: area.withdrawnOn,
    milestonesAchieved: area.milestonesAchieved,
    milestonesTotal: area.milestones.length,
    lastMilestoneKey: area.lastMilestone?.key ?? null,
    lastMilestoneAchievedOn: area.lastMilestone?.achievedOn ?? null,
    rag: area.status?.rag ?? null,
    statusPeriod: area.status ? `${area.status.periodStart}/${area.status.periodEnd}` : null,
    overdueCount: area.overdue.length,
    mostOverdueKey: mostOverdue?.key ?? null,
    mostOverdueTargetDate: mostOverdue?.targetDate ?? null,
    asOf,
  };
}

/**
 * The roll-up's areas as CSV (as every export: a byte order mark, RFC 4180, CRLF), each row
 * stamped with the instant it was taken.
 */
export function rolloutCsv(
  programme: ProgrammeState,
  areas: readonly AreaProgress[],
  asOf: string,
): string {
  const rows = areas.map((area) => {
    const row = rolloutRowOf(programme, area, asOf);
    return csvRow(ROLLOUT_CSV_COLUMNS.map((column) => row[column]));
  });
  return [csvHeader(ROLLOUT_CSV_COLUMNS), ...rows].join('');
}
