import type { Succession } from '@app/areas';
import { Actor, Role } from '@app/kernel';
import {
  AreaDecisionContext,
  AreaRolloutCommand,
  AreaRolloutEvent,
  AreaRolloutState,
  decideAreaRollout,
  evolveAreaRollout,
  inheritanceOf,
} from '../domain/area-rollout';
import { authorize } from '../domain/policy';
import { evolveProgramme, ProgrammeEvent, ProgrammeState } from '../domain/programme';

export const PROGRAMME_ID = 'social-workers-in-schools';
export const LAMBETH = 'E09000022';
export const SOUTHWARK = 'E09000028';
export const CUMBRIA = 'E10000006';
export const CUMBERLAND = 'E06000063';
export const WESTMORLAND = 'E06000064';
export const TODAY = '2025-06-01';
/** Midday on TODAY: a command's occurredAt may not be later than this (give or take 5 minutes). */
export const NOW = new Date(`${TODAY}T12:00:00.000Z`);

const AREA_NAMES: Record<string, string> = {
  [LAMBETH]: 'Lambeth',
  [SOUTHWARK]: 'Southwark',
  [CUMBRIA]: 'Cumbria',
  [CUMBERLAND]: 'Cumberland',
  [WESTMORLAND]: 'Westmorland and Furness',
};

export const CUMBRIA_SUCCESSION: Succession = {
  areaCode: CUMBRIA,
  successors: [CUMBERLAND, WESTMORLAND],
  effectiveFrom: '2023-04-01',
};

export const actors: Record<'board' | 'admin' | 'auditor' | 'lambeth' | 'southwark', Actor> = {
  board: { id: 'b', name: 'Ada Board', role: Role.BOARD_MEMBER, organisation: null },
  admin: { id: 'a', name: 'Ann Admin', role: Role.ADMIN, organisation: null },
  auditor: { id: 'u', name: 'Ed Auditor', role: Role.AUDITOR, organisation: null },
  lambeth: { id: 'l', name: 'Lou Lambeth', role: Role.LOCAL_AUTHORITY, organisation: LAMBETH },
  southwark: {
    id: 's',
    name: 'Sam Southwark',
    role: Role.LOCAL_AUTHORITY,
    organisation: SOUTHWARK,
  },
};

export const programmeCreated: ProgrammeEvent = {
  type: 'ProgrammeCreated',
  data: {
    id: PROGRAMME_ID,
    name: 'Social Workers in Schools',
    recommendations: ['CSC-SWIS'],
    milestones: [
      { key: 'schools-recruited', title: 'Schools recruited', description: null },
      { key: 'social-workers-in-post', title: 'Social workers in post', description: null },
      { key: 'trial-data-returned', title: 'Trial data returned', description: null },
    ],
  },
};

export const nationalTarget = (milestoneKey: string, targetDate: string): ProgrammeEvent => ({
  type: 'MilestoneTargetSet',
  data: { milestoneKey, targetDate, previousTargetDate: null },
});

export const programmeOf = (...events: ProgrammeEvent[]): ProgrammeState =>
  events.reduce<ProgrammeState | null>(
    (state, event) => evolveProgramme(state, event, '2020-01-01T00:00:00.000Z'),
    null,
  )!;

export const PROGRAMME = programmeOf(
  programmeCreated,
  nationalTarget('schools-recruited', '2024-01-31'),
);

export const enrolled = (enrolledOn = '2020-09-01'): AreaRolloutEvent => ({
  type: 'AreaEnrolled',
  data: { enrolledOn, pilot: false, wave: null },
});
export const achieved = (milestoneKey: string, achievedOn: string): AreaRolloutEvent => ({
  type: 'MilestoneAchieved',
  data: { milestoneKey, achievedOn, note: null },
});

/** Folds an area's events (each with no evidence unless given). */
export const areaOf = (
  areaCode: string,
  ...events: (AreaRolloutEvent | [AreaRolloutEvent, string[]])[]
): AreaRolloutState | null =>
  events.reduce<AreaRolloutState | null>((state, entry) => {
    const [event, evidence] = Array.isArray(entry) ? entry : [entry, []];
    return evolveAreaRollout(state, { event, evidence }, { programmeId: PROGRAMME_ID, areaCode });
  }, null);

/**
 * What a successor of Cumbria inherits on TODAY, given Cumbria's events in the programme (the
 * handler reads them from Cumbria's stream).
 */
export const inheritanceFromCumbria = (areaCode: string, ...cumbria: AreaRolloutEvent[]) =>
  inheritanceOf(
    areaCode,
    new Map([[CUMBRIA, CUMBRIA_SUCCESSION]]),
    (former) => (former === CUMBRIA ? areaOf(CUMBRIA, ...cumbria) : null),
    TODAY,
  );

/**
 * Given an area's events, when a command (by the board unless an actor is given), then events
 * or a refusal: the policy, then the decider, as the handler runs them.
 */
export function givenArea(areaCode: string, ...events: AreaRolloutEvent[]) {
  const state = areaOf(areaCode, ...events);
  return {
    when: (
      command: AreaRolloutCommand,
      { actor = actors.board, ...overrides }: Partial<AreaDecisionContext> & { actor?: Actor } = {},
    ) => ({
      then: (): AreaRolloutEvent[] => {
        authorize(actor, { ...command, areaCode });
        return decideAreaRollout(command, state, {
          reason: 'Board decision',
          occurredAt: NOW.toISOString(),
          now: NOW,
          programmeId: PROGRAMME_ID,
          areaCode,
          programme: PROGRAMME,
          succession: areaCode === CUMBRIA ? CUMBRIA_SUCCESSION : null,
          inheritance: null,
          isKnownArea: (code) => code in AREA_NAMES,
          areaName: (code) => AREA_NAMES[code] ?? code,
          ...overrides,
        });
      },
    }),
  };
}

export { refusal } from '@app/kernel';

export const directory = {
  all: [LAMBETH, SOUTHWARK, CUMBERLAND, WESTMORLAND].map((areaCode) => ({
    areaCode,
    dfeCode: '0',
    name: AREA_NAMES[areaCode],
    type: 'unitary',
    regionCode: areaCode.startsWith('E09') ? 'E12000007' : 'E12000002',
    regionName: areaCode.startsWith('E09') ? 'London' : 'North West',
  })),
  regions: [
    { regionCode: 'E12000002', regionName: 'North West' },
    { regionCode: 'E12000007', regionName: 'London' },
  ],
  get(areaCode: string) {
    return areaCode === CUMBRIA
      ? {
          areaCode,
          dfeCode: '909',
          name: 'Cumbria',
          type: 'county',
          regionCode: 'E12000002',
          regionName: 'North West',
        }
      : this.all.find((area) => area.areaCode === areaCode);
  },
};
