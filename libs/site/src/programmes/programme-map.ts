import { AreaStage, type AreaProgress, type ProgrammeRollup } from '@app/rollout';
import { hexMapSvg, hexSwatchSvg, type HexGrid, type HexLook } from './hex-map';

/** What the map shows of an area: its stage in the programme, or that it is not enrolled. */
export type MapState = AreaStage | 'NOT_ENROLLED';

/**
 * The map's key, in the order it is listed. GOV.UK Frontend's colours; each fill (or the pale
 * one's edge) stands out from the page at 3:1, each letter from its fill at 4.5:1
 * (programme-map.spec.ts checks both).
 */
export const MAP_KEY: Record<MapState, HexLook> = {
  [AreaStage.COMPLETED]: {
    label: 'Completed',
    short: 'C',
    fill: '#00703c',
    ink: '#ffffff',
    stroke: '#ffffff',
  },
  [AreaStage.IN_PROGRESS]: {
    label: 'In progress',
    short: 'P',
    fill: '#1d70b8',
    ink: '#ffffff',
    stroke: '#ffffff',
  },
  [AreaStage.ENROLLED]: {
    label: 'Enrolled, no milestone achieved yet',
    short: 'E',
    fill: '#5694ca',
    ink: '#0b0c0c',
    stroke: '#ffffff',
  },
  [AreaStage.WITHDRAWN]: {
    label: 'Withdrawn',
    short: 'W',
    fill: '#505a5f',
    ink: '#ffffff',
    stroke: '#ffffff',
  },
  NOT_ENROLLED: {
    label: 'Not enrolled',
    short: '',
    fill: '#f3f2f1',
    ink: '#0b0c0c',
    stroke: '#505a5f',
  },
};

/** Status colours as words: the public may see the colour, never the commentary. */
export const STATUS_NAMES = { RED: 'Red', AMBER: 'Amber', GREEN: 'Green' } as const;

export const mapStateOf = (area: AreaProgress | undefined): MapState =>
  area?.stage ?? 'NOT_ENROLLED';

/** An area in a sentence, for the map's tooltips: its stage, milestones and status colour. */
export function describeArea(
  name: string,
  regionName: string,
  area: AreaProgress | undefined,
): string {
  if (!area) return `${name}, ${regionName}: not enrolled`;
  const status = area.status
    ? `status ${STATUS_NAMES[area.status.rag].toLowerCase()}`
    : 'no status reported';
  const milestones = `${area.milestonesAchieved} of ${area.milestones.length} milestones achieved`;
  return `${name}, ${regionName}: ${MAP_KEY[area.stage].label.toLowerCase()}, ${milestones}, ${status}`;
}

export interface MapKeyEntry extends HexLook {
  state: MapState;
  count: number;
  /** The state's hexagon as drawn on the map (SVG). */
  swatch: string;
}

export interface ProgrammeMap {
  svg: string;
  key: MapKeyEntry[];
}

/**
 * The programme's map and its key with the number of areas in each state. Former areas are not
 * on the map (their successors carry their rollout), so they are not counted in the key. Pure.
 */
export function programmeMap(
  grid: HexGrid,
  rollup: ProgrammeRollup,
  regionNameOf: (regionCode: string) => string,
  areaHref: (areaCode: string) => string,
): ProgrammeMap {
  const byCode = new Map(rollup.areas.map((area) => [area.areaCode, area]));
  const counts = new Map<MapState, number>();
  const svg = hexMapSvg(grid, (cell) => {
    const area = byCode.get(cell.code);
    const state = mapStateOf(area);
    counts.set(state, (counts.get(state) ?? 0) + 1);
    return {
      look: MAP_KEY[state],
      title: describeArea(cell.name, regionNameOf(cell.regionCode), area),
      href: areaHref(cell.code),
    };
  });
  const key = (Object.keys(MAP_KEY) as MapState[]).map((state) => ({
    ...MAP_KEY[state],
    state,
    count: counts.get(state) ?? 0,
    swatch: hexSwatchSvg(MAP_KEY[state]),
  }));
  return { svg, key };
}
