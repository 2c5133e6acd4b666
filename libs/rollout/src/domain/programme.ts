import { assertNotInFuture, DomainError, ErrorCode, InvalidInputError, isoDate } from '@app/kernel';
import {
  decideProgrammeFact,
  evolveProgrammeFacts,
  type NationalMilestone,
  type ProgrammeFact,
  type ProgrammeFactCommand,
  type ProgrammeFactEvent,
} from './programme-facts';

/** A step every area of a programme goes through, in the programme's order. */
export interface MilestoneDefinition {
  key: string;
  title: string;
  description: string | null;
}

export interface ProgrammeCreated {
  type: 'ProgrammeCreated';
  data: {
    id: string;
    name: string;
    /** Ids of the recommendations the programme delivers. */
    recommendations: string[];
    milestones: MilestoneDefinition[];
  };
}

/** A target date set or moved; on a programme it is national, on an area rollout the area's. */
export interface MilestoneTargetSet {
  type: 'MilestoneTargetSet';
  data: { milestoneKey: string; targetDate: string; previousTargetDate: string | null };
}

export type ProgrammeEvent = ProgrammeCreated | MilestoneTargetSet | ProgrammeFactEvent;

/** Every type of event in a programme's stream (webhooks offer these to choose from). */
export const PROGRAMME_EVENT_TYPES: readonly string[] = Object.keys({
  ProgrammeCreated: true,
  MilestoneTargetSet: true,
  ProgrammeFactRecorded: true,
  ProgrammeFactCorrected: true,
  NationalMilestoneReached: true,
  NationalMilestoneCorrected: true,
} satisfies Record<ProgrammeEvent['type'], true>);

export interface ProgrammeState {
  id: string;
  name: string;
  recommendations: string[];
  milestones: (MilestoneDefinition & { targetDate: string | null })[];
  /** Its own dated facts, in the order recorded. */
  facts: ProgrammeFact[];
  /** The national milestones it reached, in the order recorded. */
  nationalMilestones: NationalMilestone[];
  version: number;
  createdAt: string;
}

export const PROGRAMME_STREAM_PREFIX = 'programme-';
export const programmeStream = (id: string): string => `${PROGRAMME_STREAM_PREFIX}${id}`;

export type ProgrammeCommand =
  | {
      kind: 'CreateProgramme';
      id: string;
      name: string;
      recommendations: string[];
      milestones: (MilestoneDefinition & { targetDate: string | null })[];
    }
  | { kind: 'SetNationalTarget'; id: string; milestoneKey: string; targetDate: string }
  | ProgrammeFactCommand;

export interface ProgrammeDecisionContext {
  /** When the command says its fact happened in the world (ISO 8601); not after now. */
  occurredAt: string;
  now: Date;
  isKnownRecommendation(id: string): boolean;
}

/** Decides which events a command produces on a programme, or refuses it. Pure. */
export function decideProgramme(
  command: ProgrammeCommand,
  state: ProgrammeState | null,
  context: ProgrammeDecisionContext,
): ProgrammeEvent[] {
  assertNotInFuture(context.occurredAt, context.now);
  if (command.kind === 'CreateProgramme') {
    if (state) {
      throw new DomainError(ErrorCode.ALREADY_EXISTS, `Programme ${command.id} already exists`, {
        id: command.id,
      });
    }
    assertRecommendations(command.recommendations, context);
    assertMilestones(command.milestones);
    const { id, name, recommendations, milestones } = command;
    return [
      {
        type: 'ProgrammeCreated',
        data: {
          id,
          name,
          recommendations,
          milestones: milestones.map(({ key, title, description }) => ({
            key,
            title,
            description,
          })),
        },
      },
      ...milestones
        .filter((milestone) => milestone.targetDate)
        .map((milestone): MilestoneTargetSet => ({
          type: 'MilestoneTargetSet',
          data: {
            milestoneKey: milestone.key,
            targetDate: milestone.targetDate!,
            previousTargetDate: null,
          },
        })),
    ];
  }
  const programme = existingProgramme(state, command.id);
  if (command.kind !== 'SetNationalTarget') {
    return decideProgrammeFact(
      command,
      { ...programme, startedOn: isoDate(new Date(programme.createdAt)) },
      isoDate(context.now),
    );
  }
  const milestone = milestoneOf(programme, command.milestoneKey);
  if (milestone.targetDate === command.targetDate) return [];
  return [
    {
      type: 'MilestoneTargetSet',
      data: {
        milestoneKey: command.milestoneKey,
        targetDate: command.targetDate,
        previousTargetDate: milestone.targetDate,
      },
    },
  ];
}

/** Folds one event into the programme. Events are facts: evolve never refuses them. */
export function evolveProgramme(
  state: ProgrammeState | null,
  event: ProgrammeEvent,
  occurredAt: string,
): ProgrammeState {
  if (event.type === 'ProgrammeCreated') {
    return {
      ...event.data,
      milestones: event.data.milestones.map((milestone) => ({ ...milestone, targetDate: null })),
      facts: [],
      nationalMilestones: [],
      version: 1,
      createdAt: occurredAt,
    };
  }
  if (!state) throw new Error(`${event.type} cannot start a programme's stream`);
  if (event.type !== 'MilestoneTargetSet') {
    return { ...state, ...evolveProgrammeFacts(state, event), version: state.version + 1 };
  }
  const { milestoneKey, targetDate } = event.data;
  return {
    ...state,
    version: state.version + 1,
    milestones: state.milestones.map((milestone) =>
      milestone.key === milestoneKey ? { ...milestone, targetDate } : milestone,
    ),
  };
}

export function existingProgramme(state: ProgrammeState | null, id: string): ProgrammeState {
  if (!state) {
    throw new DomainError(ErrorCode.NOT_FOUND, `Programme ${id} was not found`, {
      field: 'programmeId',
      id,
    });
  }
  return state;
}

/** The programme's milestone with this key, or a refusal naming the keys it has. */
export function milestoneOf(
  programme: ProgrammeState,
  key: string,
): ProgrammeState['milestones'][number] {
  const milestone = programme.milestones.find((candidate) => candidate.key === key);
  if (!milestone) {
    throw new InvalidInputError(
      'milestoneKey',
      'knownMilestone',
      `Programme ${programme.id} has no milestone "${key}"; its milestones are ${programme.milestones.map((m) => m.key).join(', ')}`,
    );
  }
  return milestone;
}

function assertRecommendations(ids: readonly string[], context: ProgrammeDecisionContext): void {
  if (new Set(ids).size !== ids.length) {
    throw new InvalidInputError('recommendations', 'unique', 'Each recommendation once');
  }
  const unknown = ids.filter((id) => !context.isKnownRecommendation(id));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      'recommendations',
      'knownRecommendation',
      `Unknown recommendation(s): ${unknown.join(', ')}`,
    );
  }
}

function assertMilestones(milestones: readonly MilestoneDefinition[]): void {
  if (milestones.length === 0) {
    throw new InvalidInputError('milestones', 'required', 'A programme has at least one milestone');
  }
  const keys = milestones.map((milestone) => milestone.key);
  if (new Set(keys).size !== keys.length) {
    throw new InvalidInputError('milestones', 'uniqueKeys', 'Milestone keys must be unique');
  }
}
