import type { AreaProgress, ProgrammeRollup, ProgrammeState } from '@app/rollout';
import type { HexGrid } from './hex-map';
import { MAP_KEY, programmeMap, STATUS_NAMES, type ProgrammeMap } from './programme-map';

/**
 * The public programme pages' view models, built from the rollout context's answers by pure
 * functions. `sliceQuery` is the page's own "as of" query ('' or '?validAt=...'), carried into
 * every link so that following one stays on the same date. `base` is where the pages are: the
 * public ones, or the signed-in ones that show the same and more (libs/site/src/overview).
 */

export const programmesPath = '/programmes';
export const programmePath = (id: string, base = programmesPath): string =>
  `${base}/${encodeURIComponent(id)}`;
export const areaPath = (programmeId: string, areaCode: string, base = programmesPath): string =>
  `${programmePath(programmeId, base)}/areas/${encodeURIComponent(areaCode)}`;

export interface ProgrammeWithRollup {
  programme: ProgrammeState;
  rollup: ProgrammeRollup;
}

export interface ProgrammeListRow {
  name: string;
  href: string;
  milestones: number;
  enrolled: number;
  totalAreas: number;
  percentComplete: number;
}

export const programmeListRows = (
  programmes: readonly ProgrammeWithRollup[],
  sliceQuery: string,
  base = programmesPath,
): ProgrammeListRow[] =>
  programmes.map(({ programme, rollup }) => ({
    name: programme.name,
    href: programmePath(programme.id, base) + sliceQuery,
    milestones: programme.milestones.length,
    enrolled: rollup.coverage.enrolled,
    totalAreas: rollup.coverage.totalAreas,
    percentComplete: rollup.coverage.percentComplete,
  }));

export interface RegionRow {
  name: string;
  totalAreas: number;
  enrolled: number;
  milestonesAchieved: number;
  overdue: number;
}

export interface AreaRow {
  name: string;
  href: string;
  regionName: string;
  stage: string;
  milestonesAchieved: number;
  milestones: number;
  /** The status colour's name, or null when none was reported. */
  status: string | null;
  enrolledOn: string;
}

export interface ProgrammePage {
  id: string;
  name: string;
  recommendations: string[];
  milestones: { title: string; description: string | null; targetDate: string | null }[];
  coverage: ProgrammeRollup['coverage'];
  map: ProgrammeMap;
  regions: RegionRow[];
  /** The regions added up: England. */
  england: RegionRow;
  areas: AreaRow[];
}

const areaRow = (href: string, area: AreaProgress): AreaRow => ({
  name: area.areaName,
  href,
  regionName: area.regionName,
  stage: MAP_KEY[area.stage].label,
  milestonesAchieved: area.milestonesAchieved,
  milestones: area.milestones.length,
  status: area.status ? STATUS_NAMES[area.status.rag] : null,
  enrolledOn: area.enrolledOn,
});

const sum = (rows: readonly RegionRow[], field: keyof Omit<RegionRow, 'name'>): number =>
  rows.reduce((total, row) => total + row[field], 0);

export function programmePage(
  programme: ProgrammeState,
  rollup: ProgrammeRollup,
  grid: HexGrid,
  sliceQuery: string,
  base = programmesPath,
): ProgrammePage {
  const areaHref = (code: string): string => areaPath(programme.id, code, base) + sliceQuery;
  const regions = rollup.byRegion.map((region) => ({
    name: region.regionName,
    totalAreas: region.totalAreas,
    enrolled: region.enrolled,
    milestonesAchieved: region.milestonesAchieved,
    overdue: region.overdue,
  }));
  const regionNames = new Map(rollup.byRegion.map((r) => [r.regionCode, r.regionName]));
  return {
    id: programme.id,
    name: programme.name,
    recommendations: programme.recommendations,
    milestones: programme.milestones.map(({ title, description, targetDate }) => ({
      title,
      description,
      targetDate,
    })),
    coverage: rollup.coverage,
    map: programmeMap(grid, rollup, (code) => regionNames.get(code) ?? code, areaHref),
    regions,
    england: {
      name: 'England',
      totalAreas: sum(regions, 'totalAreas'),
      enrolled: sum(regions, 'enrolled'),
      milestonesAchieved: sum(regions, 'milestonesAchieved'),
      overdue: sum(regions, 'overdue'),
    },
    areas: rollup.areas.map((area) => areaRow(areaHref(area.areaCode), area)),
  };
}
