import { subjectsOf } from '@app/audit';
import type { EventMetadata, HistoryScope, RecordedEvent } from '@app/kernel';
import { STAGES, type Stage } from '@app/recommendations';
import { byMostOverdue, overdueEntriesOf } from '@app/rollout';
import { govukDate, govukDateTime } from '../layout/dates';
import { escalationTag } from '../layout/escalation-tag';
import {
  areaPath,
  programmeListRows,
  programmePath,
  type ProgrammeWithRollup,
} from '../programmes/programme-pages.view';
import { publicEntryOf, type PublicDirectory } from '../public-view/public-entry';
import { stageTag } from '../register/register-view';
import { whoActed } from './who-acted';

/**
 * The signed-in overview's view models: what the board reads before a meeting. Pure functions
 * of the contexts' answers. `query` is the page's "as of" query ('' or 'validAt=...'), carried
 * into every link so that following one stays on the same date; `linked` is false for a reader
 * who may not open the signed-in programme pages (a local authority), whose rows then name the
 * programmes and areas without linking them.
 */

export const overviewPath = '/overview';
export const signedInProgrammesPath = `${overviewPath}/programmes`;

/** How many changes and overdue milestones the overview lists at most. */
export const LISTED = 10;
/** "Since the last meeting": four weeks back, unless the reader chooses another date. */
export const DEFAULT_SINCE_DAYS = 28;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The day `days` before `date` (both YYYY-MM-DD): calendar days, whatever the clocks do. */
export const daysBefore = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

const withQuery = (path: string, query: string): string => (query ? `${path}?${query}` : path);

/** Each stage of the lifecycle with its count, linking the register filtered to that stage. */
export function stageRows(counts: readonly { stage: Stage; count: number }[], query: string) {
  const byStage = new Map(counts.map(({ stage, count }) => [stage, count]));
  const rows = STAGES.map((stage) => ({
    stage: stageTag(stage),
    count: byStage.get(stage) ?? 0,
    href: `/register?stage=${stage}${query ? `&${query}` : ''}`,
  }));
  return { rows, total: rows.reduce((total, row) => total + row.count, 0) };
}

/** Each programme's reach: areas enrolled and complete, milestones achieved and overdue. */
export const coverageRows = (
  programmes: readonly ProgrammeWithRollup[],
  query: string,
  linked: boolean,
) =>
  programmeListRows(programmes, query ? `?${query}` : '', signedInProgrammesPath).map(
    (row, index) => {
      const { rollup } = programmes[index];
      return {
        ...row,
        href: linked ? row.href : null,
        completedAreas: rollup.coverage.completedAreas,
        overdue: rollup.byRegion.reduce((total, region) => total + region.overdue, 0),
      };
    },
  );

/** Overdue milestones by programme and region, where any are: the most first. */
export function lateByRegion(
  programmes: readonly ProgrammeWithRollup[],
  query: string,
  linked: boolean,
) {
  return programmes
    .flatMap(({ programme, rollup }) =>
      rollup.byRegion
        .filter((region) => region.overdue > 0)
        .map((region) => ({
          programme: programme.name,
          href: linked
            ? withQuery(programmePath(programme.id, signedInProgrammesPath), query)
            : null,
          region: region.regionName,
          enrolled: region.enrolled,
          overdue: region.overdue,
        })),
    )
    .sort(
      (a, b) =>
        b.overdue - a.overdue ||
        a.programme.localeCompare(b.programme) ||
        a.region.localeCompare(b.region),
    );
}

/** The most overdue milestones of every programme, longest overdue first, and how many there are. */
export function mostOverdue(
  programmes: readonly ProgrammeWithRollup[],
  query: string,
  linked: boolean,
) {
  const entries = programmes
    .flatMap(({ programme, rollup }) => overdueEntriesOf(programme, rollup.areas))
    .sort(byMostOverdue);
  return {
    count: entries.length,
    rows: entries.slice(0, LISTED).map((entry) => ({
      area: entry.area.areaName,
      href: linked
        ? withQuery(areaPath(entry.programmeId, entry.area.areaCode, signedInProgrammesPath), query)
        : null,
      region: entry.area.regionName,
      programme: entry.programmeName,
      milestone: entry.title,
      targetDate: govukDate(entry.targetDate),
      daysOverdue: entry.daysOverdue,
      escalation: escalationTag(entry.daysOverdue),
    })),
  };
}

/** The signed-in page a change is about, if the reader may open one. */
function pageOf(event: RecordedEvent, linked: boolean): string | null {
  const { recommendationId, programmeId, areaCode } = subjectsOf(event.streamId);
  if (recommendationId) return `/register/${encodeURIComponent(recommendationId)}`;
  if (!linked || !programmeId) return null;
  return areaCode
    ? areaPath(programmeId, areaCode, signedInProgrammesPath)
    : programmePath(programmeId, signedInProgrammesPath);
}

/**
 * The changes recorded since a date, newest first, as the audit trail gives them to the reader:
 * what happened in words, when it happened and was recorded, who did it (by name) and why.
 */
export function changeRows(
  events: readonly RecordedEvent[],
  directory: PublicDirectory,
  scope: HistoryScope,
  linked: boolean,
) {
  return events.flatMap((event) => {
    const entry = publicEntryOf(event, directory);
    if (!entry) return [];
    const metadata = event.metadata as unknown as EventMetadata;
    return [
      {
        what: entry.title,
        href: pageOf(event, linked),
        happened: govukDate(entry.occurredAt),
        recorded: govukDateTime(event.recordedAt),
        by: whoActed(metadata.actor, scope, entry.areaCode, directory.areaName),
        why: entry.reason,
      },
    ];
  });
}
