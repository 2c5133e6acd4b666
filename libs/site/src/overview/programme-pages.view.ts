import type { EventMetadata, HistoryScope } from '@app/kernel';
import { parseAreaRolloutStream, type ProgrammeRollup, type ProgrammeState } from '@app/rollout';
import { govukDateTime } from '../layout/dates';
import { areaPage, timelineStep } from '../programmes/area-page.view';
import type { HexGrid } from '../programmes/hex-map';
import type { EnrolledArea, ProgrammeAudience } from '../programmes/programme-pages';
import { programmePage } from '../programmes/programme-pages.view';
import { signedInProgrammesPath } from './overview.view';
import { whoActed } from './who-acted';

/**
 * The signed-in programme pages show what the public ones do (their view models, at
 * /overview/programmes) and what only signed-in readers may see: each area's status with its
 * commentary, and who did what, by name.
 */

export function signedInProgrammePage(
  programme: ProgrammeState,
  rollup: ProgrammeRollup,
  grid: HexGrid,
  sliceQuery: string,
) {
  const page = programmePage(programme, rollup, grid, sliceQuery, signedInProgrammesPath);
  return {
    ...page,
    areas: page.areas.map((row, index) => ({
      ...row,
      commentary: rollup.areas[index].status?.commentary ?? null,
      overdue: rollup.areas[index].overdue.length,
    })),
  };
}

/**
 * An area's page: its public page with the status commentary, and a timeline that names who
 * took each step (as far as the reader's scope lets them see) and when it was recorded.
 */
export function signedInAreaPage(
  { programme, view, events }: EnrolledArea,
  areaName: (code: string) => string,
  sliceQuery: string,
  scope: HistoryScope,
) {
  const { progress } = view;
  const page = areaPage(
    programme,
    progress,
    view.replacedBy,
    events,
    areaName,
    sliceQuery,
    signedInProgrammesPath,
  );
  return {
    ...page,
    commentary: progress.status?.commentary ?? null,
    steps: events.map((event) => {
      const metadata = event.metadata as unknown as EventMetadata;
      return {
        ...timelineStep(event, programme, progress.areaCode, areaName),
        by: whoActed(
          metadata.actor,
          scope,
          parseAreaRolloutStream(event.streamId).areaCode,
          areaName,
        ),
        recorded: govukDateTime(event.recordedAt),
        commentary: event.type === 'StatusReported' ? String(event.data.commentary) : null,
      };
    }),
  };
}

/**
 * The programme pages as a reader of `scope` sees them when signed in; those who record grants
 * find links to record, correct and withdraw them on each area's page.
 */
export const signedInAudience = (
  scope: HistoryScope,
  recordsFunding = false,
): ProgrammeAudience => ({
  base: signedInProgrammesPath,
  views: 'overview/programmes',
  programmePage: ({ programme, rollup }, grid, links) =>
    signedInProgrammePage(programme, rollup, grid, links),
  areaPage: (found, areaName, links) => signedInAreaPage(found, areaName, links, scope),
  recordsFunding,
});
