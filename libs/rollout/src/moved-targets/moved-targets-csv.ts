import { csvHeader, csvRow } from '@app/kernel';
import type { MovedTargetEntry } from './moved-targets';

/** The download's columns: one row per move, each with its target's register entry. */
export const MOVED_TARGETS_CSV_COLUMNS = [
  'programmeId',
  'programmeName',
  'areaCode',
  'areaName',
  'regionName',
  'milestoneKey',
  'milestoneTitle',
  'originalTarget',
  'currentTarget',
  'timesMoved',
  'daysSlipped',
  'move',
  'movedOn',
  'movedFrom',
  'movedTo',
  'daysMoved',
  'reason',
] as const;

/** The register of moved targets as CSV (text made inert for spreadsheets). Pure. */
export function movedTargetsCsv(entries: readonly MovedTargetEntry[]): string {
  const rows = entries.flatMap((entry) =>
    entry.moves.map((move, index) =>
      csvRow([
        entry.programmeId,
        entry.programmeName,
        entry.areaCode,
        entry.areaName ?? 'National target',
        entry.regionName,
        entry.milestoneKey,
        entry.milestoneTitle,
        entry.originalTarget,
        entry.currentTarget,
        entry.moves.length,
        entry.daysSlipped,
        index + 1,
        move.movedOn,
        move.from,
        move.to,
        move.days,
        move.reason,
      ]),
    ),
  );
  return csvHeader(MOVED_TARGETS_CSV_COLUMNS) + rows.join('');
}
