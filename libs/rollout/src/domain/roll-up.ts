import type { Succession } from '@app/kernel';
import type { Achievement, AreaRolloutState, StatusReport } from './area-rollout';
import type { ProgrammeState } from './programme';

/** Where an area stands in a programme. */
export enum AreaStage {
  ENROLLED = 'ENROLLED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  WITHDRAWN = 'WITHDRAWN',
}

export interface MilestoneProgress {
  key: string;
  title: string;
  /** The area's own target if it has one, else the programme's. */
  targetDate: string | null;
  achievedOn: string | null;
  overdue: boolean;
}

export interface OverdueMilestone {
  key: string;
  title: string;
  targetDate: string;
  daysOverdue: number;
}

export interface AreaProgress {
  areaCode: string;
  areaName: string;
  regionCode: string;
  regionName: string;
  stage: AreaStage;
  pilot: boolean;
  wave: string | null;
  enrolledOn: string;
  withdrawnOn: string | null;
  milestones: MilestoneProgress[];
  milestonesAchieved: number;
  lastMilestone: { key: string; achievedOn: string } | null;
  status: StatusReport | null;
  overdue: OverdueMilestone[];
  /** Former areas whose rollout this area carries since their succession. */
  inheritedFrom: string[];
}

export interface RegionProgress {
  regionCode: string;
  regionName: string;
  totalAreas: number;
  enrolled: number;
  milestonesAchieved: number;
  overdue: number;
}

export interface Coverage {
  enrolled: number;
  totalAreas: number;
  completedAreas: number;
  /** Share of enrolled areas' milestones achieved, in percent to one decimal place. */
  percentComplete: number;
}

export interface ProgrammeRollup {
  areas: AreaProgress[];
  byRegion: RegionProgress[];
  coverage: Coverage;
}

/** An area as a roll-up names it and counts it in its region. */
export interface DirectoryArea {
  name: string;
  regionCode: string;
  regionName: string;
}

/** What a roll-up needs to know of the areas of England (the areas context's register). */
export interface AreaDirectory {
  readonly all: readonly DirectoryArea[];
  readonly regions: readonly Pick<RegionProgress, 'regionCode' | 'regionName'>[];
  get(areaCode: string): DirectoryArea | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Whole days from one date to another: negative when `to` comes first. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/**
 * A programme's rollout on `today`: each area's progress, with former areas shown under their
 * successors from the date of the succession; counts by region; coverage of England. Pure.
 */
export function rollUp(
  programme: ProgrammeState,
  rollouts: readonly AreaRolloutState[],
  successions: ReadonlyMap<string, Succession>,
  directory: AreaDirectory,
  today: string,
): ProgrammeRollup {
  const areas = effectiveRollouts(rollouts, successions, today)
    .map(({ state, inheritedFrom }) =>
      progressOf(programme, state, inheritedFrom, directory, today),
    )
    .sort((a, b) => a.areaName.localeCompare(b.areaName));
  const active = areas.filter((area) => area.stage !== AreaStage.WITHDRAWN);
  const byRegion = directory.regions.map((region) => {
    const inRegion = active.filter((area) => area.regionCode === region.regionCode);
    return {
      ...region,
      totalAreas: directory.all.filter((area) => area.regionCode === region.regionCode).length,
      enrolled: inRegion.length,
      milestonesAchieved: sum(inRegion.map((area) => area.milestonesAchieved)),
      overdue: sum(inRegion.map((area) => area.overdue.length)),
    };
  });
  const possible = active.length * programme.milestones.length;
  const achieved = sum(active.map((area) => area.milestonesAchieved));
  return {
    areas,
    byRegion,
    coverage: {
      enrolled: active.length,
      totalAreas: directory.all.length,
      completedAreas: active.filter((area) => area.stage === AreaStage.COMPLETED).length,
      percentComplete: possible === 0 ? 0 : Math.round((achieved / possible) * 1000) / 10,
    },
  };
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

/**
 * Each rollout as the board sees it on `today`: a former area's rollout passes to each of its
 * successors (merged with any rollout of their own) from the succession's date on.
 */
export function effectiveRollouts(
  rollouts: readonly AreaRolloutState[],
  successions: ReadonlyMap<string, Succession>,
  today: string,
): { state: AreaRolloutState; inheritedFrom: string[] }[] {
  let current = new Map(
    rollouts.map((state) => [state.areaCode, { state, inheritedFrom: [] as string[] }]),
  );
  // Successions can chain (A replaced by B, B later by C): pass rollouts on until none is left.
  for (let round = 0; round < 10; round++) {
    const replaced = [...current.values()].filter(({ state }) => {
      const succession = successions.get(state.areaCode);
      return succession && succession.effectiveFrom <= today;
    });
    if (replaced.length === 0) break;
    const next = new Map(current);
    for (const former of replaced) {
      next.delete(former.state.areaCode);
      for (const successor of successions.get(former.state.areaCode)!.successors) {
        const own = next.get(successor);
        next.set(successor, {
          state: mergeRollouts(former.state, own?.state ?? null, successor),
          inheritedFrom: [
            ...(own?.inheritedFrom ?? []),
            ...former.inheritedFrom,
            former.state.areaCode,
          ],
        });
      }
    }
    current = next;
  }
  return [...current.values()];
}

/** A successor's rollout: the former area's facts, then its own where both have one. */
export function mergeRollouts(
  former: AreaRolloutState,
  own: AreaRolloutState | null,
  areaCode: string,
): AreaRolloutState {
  if (!own) return { ...former, areaCode };
  return {
    ...own,
    enrolledOn: former.enrolledOn < own.enrolledOn ? former.enrolledOn : own.enrolledOn,
    pilot: former.pilot || own.pilot,
    wave: own.wave ?? former.wave,
    achievements: { ...former.achievements, ...own.achievements },
    targets: { ...former.targets, ...own.targets },
    status: laterStatus(former.status, own.status),
  };
}

const laterStatus = (a: StatusReport | null, b: StatusReport | null): StatusReport | null =>
  !a ? b : !b ? a : a.periodEnd > b.periodEnd ? a : b;

/** One area's progress through the programme's milestones on `today`. */
export function progressOf(
  programme: ProgrammeState,
  state: AreaRolloutState,
  inheritedFrom: string[],
  directory: AreaDirectory,
  today: string,
): AreaProgress {
  const area = directory.get(state.areaCode);
  const withdrawn = state.withdrawnOn !== null;
  const milestones = programme.milestones.map((milestone): MilestoneProgress => {
    const achievement: Achievement | undefined = state.achievements[milestone.key];
    const targetDate = state.targets[milestone.key] ?? milestone.targetDate;
    return {
      key: milestone.key,
      title: milestone.title,
      targetDate,
      achievedOn: achievement?.achievedOn ?? null,
      overdue: !withdrawn && !achievement && targetDate !== null && targetDate < today,
    };
  });
  const achieved = milestones.filter((milestone) => milestone.achievedOn !== null);
  const latest = achieved.reduce<MilestoneProgress | null>(
    (last, milestone) => (!last || milestone.achievedOn! >= last.achievedOn! ? milestone : last),
    null,
  );
  return {
    areaCode: state.areaCode,
    areaName: area?.name ?? state.areaCode,
    regionCode: area?.regionCode ?? '',
    regionName: area?.regionName ?? '',
    stage: withdrawn
      ? AreaStage.WITHDRAWN
      : achieved.length === milestones.length
        ? AreaStage.COMPLETED
        : achieved.length > 0
          ? AreaStage.IN_PROGRESS
          : AreaStage.ENROLLED,
    pilot: state.pilot,
    wave: state.wave,
    enrolledOn: state.enrolledOn,
    withdrawnOn: state.withdrawnOn,
    milestones,
    milestonesAchieved: achieved.length,
    lastMilestone: latest ? { key: latest.key, achievedOn: latest.achievedOn! } : null,
    status: state.status,
    overdue: milestones
      .filter((milestone) => milestone.overdue)
      .map((milestone) => ({
        key: milestone.key,
        title: milestone.title,
        targetDate: milestone.targetDate!,
        daysOverdue: daysBetween(milestone.targetDate!, today),
      })),
    inheritedFrom,
  };
}
