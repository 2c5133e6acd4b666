import {
  assertNotInFuture,
  DomainError,
  ErrorCode,
  InvalidInputError,
  isoDate,
  type Succession,
} from '@app/kernel';
import type { MilestoneTargetSet, ProgrammeState } from './programme';
import { existingProgramme, milestoneOf } from './programme';
import { assertNotReplaced } from './replaced-areas';

export enum Rag {
  RED = 'RED',
  AMBER = 'AMBER',
  GREEN = 'GREEN',
}

export interface AreaEnrolled {
  type: 'AreaEnrolled';
  /**
   * `pilot` marks an area selected for a pilot or pathfinder, in a wave if it came in waves.
   * `inheritedFrom` names the former area whose enrolment a successor carries on (enrolled on
   * the succession's date), written with the successor's first report; absent otherwise.
   */
  data: { enrolledOn: string; pilot: boolean; wave: string | null; inheritedFrom?: string };
}
export interface MilestoneAchieved {
  type: 'MilestoneAchieved';
  data: { milestoneKey: string; achievedOn: string; note: string | null };
}
export interface MilestoneAchievementCorrected {
  type: 'MilestoneAchievementCorrected';
  data: { milestoneKey: string; achievedOn: string; previousAchievedOn: string };
}
export interface MilestoneAchievementWithdrawn {
  type: 'MilestoneAchievementWithdrawn';
  data: { milestoneKey: string; previousAchievedOn: string };
}
export interface StatusReported {
  type: 'StatusReported';
  data: { rag: Rag; commentary: string; periodStart: string; periodEnd: string };
}
export interface AreaWithdrawn {
  type: 'AreaWithdrawn';
  data: { withdrawnOn: string };
}

export type AreaRolloutEvent =
  | AreaEnrolled
  | MilestoneAchieved
  | MilestoneAchievementCorrected
  | MilestoneAchievementWithdrawn
  | StatusReported
  | MilestoneTargetSet
  | AreaWithdrawn;

/** Every type of event in an area's rollout stream (webhooks offer these to choose from). */
export const AREA_ROLLOUT_EVENT_TYPES: readonly string[] = Object.keys({
  AreaEnrolled: true,
  MilestoneAchieved: true,
  MilestoneAchievementCorrected: true,
  MilestoneAchievementWithdrawn: true,
  StatusReported: true,
  MilestoneTargetSet: true,
  AreaWithdrawn: true,
} satisfies Record<AreaRolloutEvent['type'], true>);

export interface Achievement {
  achievedOn: string;
  note: string | null;
  evidence: string[];
}

export interface StatusReport {
  rag: Rag;
  commentary: string;
  periodStart: string;
  periodEnd: string;
}

export interface AreaRolloutState {
  programmeId: string;
  areaCode: string;
  version: number;
  enrolledOn: string;
  pilot: boolean;
  wave: string | null;
  withdrawnOn: string | null;
  /** Milestones achieved now, by key: corrections replace, withdrawals remove. */
  achievements: Record<string, Achievement>;
  /** Targets set for this area, by milestone key; they override the programme's. */
  targets: Record<string, string>;
  /** The report covering the latest period (a back-dated report does not hide a newer one). */
  status: StatusReport | null;
}

/** An event with the parts of its envelope the state keeps. */
export interface AreaRolloutFact {
  event: AreaRolloutEvent;
  evidence: string[];
}

/** One stream per programme and local authority. */
export const AREA_ROLLOUT_STREAM_PREFIX = 'rollout-';
export const areaRolloutStream = (programmeId: string, areaCode: string): string =>
  `${AREA_ROLLOUT_STREAM_PREFIX}${programmeId}.${areaCode}`;
export function parseAreaRolloutStream(streamId: string): {
  programmeId: string;
  areaCode: string;
} {
  const key = streamId.slice(AREA_ROLLOUT_STREAM_PREFIX.length);
  const dot = key.lastIndexOf('.');
  return { programmeId: key.slice(0, dot), areaCode: key.slice(dot + 1) };
}

/** Folds one event into an area's rollout. Events are facts: evolve never refuses them. */
export function evolveAreaRollout(
  state: AreaRolloutState | null,
  { event, evidence }: AreaRolloutFact,
  ids: { programmeId: string; areaCode: string },
): AreaRolloutState {
  if (event.type === 'AreaEnrolled') {
    const { inheritedFrom: _former, ...enrolment } = event.data;
    return {
      ...ids,
      achievements: {},
      targets: {},
      status: null,
      ...state,
      ...enrolment,
      withdrawnOn: null,
      version: (state?.version ?? 0) + 1,
    };
  }
  if (!state) throw new Error(`${event.type} cannot start an area rollout's stream`);
  const next = { ...state, version: state.version + 1 };
  switch (event.type) {
    case 'MilestoneAchieved': {
      const { milestoneKey, achievedOn, note } = event.data;
      return withAchievement(next, milestoneKey, { achievedOn, note, evidence });
    }
    case 'MilestoneAchievementCorrected': {
      const { milestoneKey, achievedOn } = event.data;
      const before = state.achievements[milestoneKey];
      return withAchievement(next, milestoneKey, {
        achievedOn,
        note: before?.note ?? null,
        evidence: evidence.length > 0 ? evidence : (before?.evidence ?? []),
      });
    }
    case 'MilestoneAchievementWithdrawn': {
      const { [event.data.milestoneKey]: _withdrawn, ...achievements } = state.achievements;
      return { ...next, achievements };
    }
    case 'StatusReported':
      return state.status && state.status.periodEnd > event.data.periodEnd
        ? next
        : { ...next, status: { ...event.data } };
    case 'MilestoneTargetSet':
      return {
        ...next,
        targets: { ...state.targets, [event.data.milestoneKey]: event.data.targetDate },
      };
    case 'AreaWithdrawn':
      return { ...next, withdrawnOn: event.data.withdrawnOn };
  }
}

const withAchievement = (
  state: AreaRolloutState,
  key: string,
  achievement: Achievement,
): AreaRolloutState => ({ ...state, achievements: { ...state.achievements, [key]: achievement } });

export type AreaRolloutCommand =
  | { kind: 'EnrolArea'; enrolledOn: string; pilot: boolean; wave: string | null }
  | { kind: 'ReportMilestone'; milestoneKey: string; achievedOn: string; note: string | null }
  | { kind: 'CorrectMilestone'; milestoneKey: string; achievedOn: string | null }
  | {
      kind: 'ReportStatus';
      rag: Rag;
      commentary: string;
      periodStart: string;
      periodEnd: string;
    }
  | { kind: 'SetAreaTarget'; milestoneKey: string; targetDate: string }
  | { kind: 'WithdrawArea'; withdrawnOn: string };

/**
 * The date in the world a command's fact belongs to, where it has one: the event's occurredAt
 * unless the caller names another. Status reports and targets happen when they are made.
 */
export function businessDateOf(command: AreaRolloutCommand): string | null {
  switch (command.kind) {
    case 'EnrolArea':
      return command.enrolledOn;
    case 'ReportMilestone':
    case 'CorrectMilestone':
      return command.achievedOn;
    case 'WithdrawArea':
      return command.withdrawnOn;
    case 'ReportStatus':
    case 'SetAreaTarget':
      return null;
  }
}

/** What a decision on an area's rollout consults besides its own stream. */
export interface AreaDecisionContext {
  reason: string | null;
  /** When the command says its fact happened in the world (ISO 8601). */
  occurredAt: string;
  /** Now: neither occurredAt nor a business date may be later (today is England's date). */
  now: Date;
  programmeId: string;
  areaCode: string;
  programme: ProgrammeState | null;
  isKnownArea(areaCode: string): boolean;
  succession: Succession | null;
  /** The enrolment the area carries on from a former area it succeeded, if any. */
  inheritance: Inheritance | null;
  areaName(areaCode: string): string;
}

/**
 * A successor carries on a former area's enrolment from the succession's date: Cumberland's
 * officer reports for the Cumbria enrolment Cumberland now holds.
 */
export interface Inheritance {
  /** The former area, replaced by this one (among others) on `on`. */
  from: string;
  on: string;
  pilot: boolean;
  wave: string | null;
}

/**
 * The enrolment `areaCode` inherits by `today`: that of a former area it succeeded which was
 * enrolled, and not withdrawn, when replaced (`formerRollout` gives each former area's). Pure.
 */
export function inheritanceOf(
  areaCode: string,
  successions: ReadonlyMap<string, Succession>,
  formerRollout: (formerAreaCode: string) => AreaRolloutState | null,
  today: string,
): Inheritance | null {
  for (const succession of successions.values()) {
    if (!succession.successors.includes(areaCode) || succession.effectiveFrom > today) continue;
    const former = formerRollout(succession.areaCode);
    if (!former || former.withdrawnOn) continue;
    const { pilot, wave } = former;
    return { from: succession.areaCode, on: succession.effectiveFrom, pilot, wave };
  }
  return null;
}

/** What an area decision needs to know of the areas of England. */
export interface AreaNames {
  has(areaCode: string): boolean;
  get(areaCode: string): { name: string } | undefined;
}

/** A decision's context: the command's own facts, and the areas looked up in the register. */
export const areaDecisionContext = (
  areas: AreaNames,
  facts: Omit<AreaDecisionContext, 'isKnownArea' | 'areaName'>,
): AreaDecisionContext => ({
  ...facts,
  isKnownArea: (code) => areas.has(code),
  areaName: (code) => areas.get(code)?.name ?? code,
});

/**
 * Decides which events a command produces on one area's rollout, or refuses it. Pure. Who may
 * ask is the policy's (`authorize` in policy.ts), checked before.
 */
export function decideAreaRollout(
  command: AreaRolloutCommand,
  state: AreaRolloutState | null,
  context: AreaDecisionContext,
): AreaRolloutEvent[] {
  const inherited = command.kind === 'EnrolArea' ? null : inheritedEnrolment(state, context);
  const current = inherited
    ? evolveAreaRollout(state, { event: inherited, evidence: [] }, context)
    : state;
  const events = decideOnArea(command, current, context, isoDate(context.now));
  // After the command's own dates: occurredAt defaults to the start of a business date, and a
  // date in the future is named by its own field rather than as occurredAt.
  assertNotInFuture(context.occurredAt, context.now);
  // The inherited enrolment is recorded with the successor's first change, not on its own.
  return inherited && events.length > 0 ? [inherited, ...events] : events;
}

/** The enrolment a successor without one of its own carries on, as its stream will record it. */
function inheritedEnrolment(
  state: AreaRolloutState | null,
  { inheritance }: AreaDecisionContext,
): AreaEnrolled | null {
  if (state || !inheritance) return null;
  const { from, on, pilot, wave } = inheritance;
  return { type: 'AreaEnrolled', data: { enrolledOn: on, pilot, wave, inheritedFrom: from } };
}

function decideOnArea(
  command: AreaRolloutCommand,
  state: AreaRolloutState | null,
  context: AreaDecisionContext,
  today: string,
): AreaRolloutEvent[] {
  if (!context.isKnownArea(context.areaCode)) {
    throw new DomainError(ErrorCode.UNKNOWN_AREA, `Unknown area code ${context.areaCode}`, {
      field: 'areaCode',
      areaCode: context.areaCode,
    });
  }
  const programme = existingProgramme(context.programme, context.programmeId);
  switch (command.kind) {
    case 'EnrolArea': {
      if (state && !state.withdrawnOn) {
        throw new DomainError(
          ErrorCode.ALREADY_EXISTS,
          `${context.areaCode} is already enrolled in ${programme.id} (since ${state.enrolledOn})`,
          { field: 'areaCode', enrolledOn: state.enrolledOn },
        );
      }
      if (!state && context.inheritance) {
        const { from, on } = context.inheritance;
        throw new DomainError(
          ErrorCode.ALREADY_EXISTS,
          `${context.areaCode} is already enrolled in ${programme.id}: it carries on the enrolment of ${context.areaName(from)} (${from}), which it replaced on ${on}`,
          { field: 'areaCode', enrolledOn: on, inheritedFrom: from },
        );
      }
      assertNotAfter('enrolledOn', command.enrolledOn, today);
      assertNotReplaced(context.succession, command.enrolledOn, context.areaName);
      const { kind: _kind, ...data } = command;
      return [{ type: 'AreaEnrolled', data }];
    }
    case 'ReportMilestone': {
      const area = activeRollout(state, context);
      milestoneOf(programme, command.milestoneKey);
      assertNotAfter('achievedOn', command.achievedOn, today);
      assertNotReplaced(context.succession, command.achievedOn, context.areaName);
      const achieved = area.achievements[command.milestoneKey];
      if (achieved?.achievedOn === command.achievedOn) return [];
      if (achieved) {
        throw new DomainError(
          ErrorCode.ALREADY_EXISTS,
          `Milestone ${command.milestoneKey} was already achieved on ${achieved.achievedOn}; correct it with correctMilestone`,
          { field: 'milestoneKey', achievedOn: achieved.achievedOn },
        );
      }
      const { kind: _kind, ...data } = command;
      return [{ type: 'MilestoneAchieved', data }];
    }
    case 'CorrectMilestone': {
      const area = activeRollout(state, context);
      milestoneOf(programme, command.milestoneKey);
      assertReason(context, 'correct a milestone');
      const achieved = area.achievements[command.milestoneKey];
      if (!achieved) {
        throw new DomainError(
          ErrorCode.NOT_FOUND,
          `Milestone ${command.milestoneKey} has not been achieved in ${context.areaCode}; nothing to correct`,
          { field: 'milestoneKey' },
        );
      }
      const previousAchievedOn = achieved.achievedOn;
      if (command.achievedOn === null) {
        return [
          {
            type: 'MilestoneAchievementWithdrawn',
            data: { milestoneKey: command.milestoneKey, previousAchievedOn },
          },
        ];
      }
      assertNotAfter('achievedOn', command.achievedOn, today);
      assertNotReplaced(context.succession, command.achievedOn, context.areaName);
      if (command.achievedOn === previousAchievedOn) {
        throw new InvalidInputError(
          'achievedOn',
          'changed',
          `Milestone ${command.milestoneKey} is already recorded as achieved on ${previousAchievedOn}`,
        );
      }
      return [
        {
          type: 'MilestoneAchievementCorrected',
          data: {
            milestoneKey: command.milestoneKey,
            achievedOn: command.achievedOn,
            previousAchievedOn,
          },
        },
      ];
    }
    case 'ReportStatus': {
      activeRollout(state, context);
      if (command.periodEnd < command.periodStart) {
        throw new InvalidInputError(
          'periodEnd',
          'notBeforeStart',
          `periodEnd ${command.periodEnd} is before periodStart ${command.periodStart}`,
        );
      }
      assertNotAfter('periodStart', command.periodStart, today);
      assertNotReplaced(context.succession, command.periodEnd, context.areaName);
      if (!command.commentary.trim()) {
        throw new InvalidInputError('commentary', 'required', 'A status report needs commentary');
      }
      const { kind: _kind, ...data } = command;
      return [{ type: 'StatusReported', data }];
    }
    case 'SetAreaTarget': {
      const area = activeRollout(state, context);
      const milestone = milestoneOf(programme, command.milestoneKey);
      const previousTargetDate = area.targets[command.milestoneKey] ?? milestone.targetDate;
      if (area.targets[command.milestoneKey] === command.targetDate) return [];
      return [
        {
          type: 'MilestoneTargetSet',
          data: {
            milestoneKey: command.milestoneKey,
            targetDate: command.targetDate,
            previousTargetDate,
          },
        },
      ];
    }
    case 'WithdrawArea': {
      const area = activeRollout(state, context);
      assertReason(context, 'withdraw an area');
      assertNotAfter('withdrawnOn', command.withdrawnOn, today);
      if (command.withdrawnOn < area.enrolledOn) {
        throw new InvalidInputError(
          'withdrawnOn',
          'notBeforeEnrolment',
          `withdrawnOn ${command.withdrawnOn} is before the enrolment on ${area.enrolledOn}`,
        );
      }
      return [{ type: 'AreaWithdrawn', data: { withdrawnOn: command.withdrawnOn } }];
    }
  }
}

function activeRollout(
  state: AreaRolloutState | null,
  context: AreaDecisionContext,
): AreaRolloutState {
  const { programmeId } = context;
  if (!state) {
    throw new DomainError(
      ErrorCode.NOT_FOUND,
      `${context.areaCode} is not enrolled in programme ${programmeId}`,
      { field: 'areaCode', areaCode: context.areaCode, programmeId },
    );
  }
  if (state.withdrawnOn) {
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      `${context.areaCode} was withdrawn from ${programmeId} on ${state.withdrawnOn}`,
      { field: 'areaCode', withdrawnOn: state.withdrawnOn },
    );
  }
  return state;
}

/** Dates are ISO calendar dates (YYYY-MM-DD), so they compare as strings. */
function assertNotAfter(field: string, date: string, today: string): void {
  if (date > today) {
    throw new InvalidInputError(field, 'notInFuture', `${field} ${date} is in the future`);
  }
}

function assertReason(context: AreaDecisionContext, what: string): void {
  if (!context.reason?.trim()) {
    throw new InvalidInputError('reason', 'required', `A reason is required to ${what}`);
  }
}
