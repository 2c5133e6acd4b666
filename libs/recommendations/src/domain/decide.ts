import {
  assertKnownAreas,
  assertNotInFuture,
  DomainError,
  ErrorCode,
  InvalidInputError,
  isoDate,
  notFound,
  type SourceOfRecommendations,
} from '@app/kernel';
import {
  AcceptanceDecision,
  LinkRelation,
  RecommendationEvent,
  ResponseDecision,
  RolloutScope,
} from './recommendation.events';
import { RecommendationState } from './recommendation.state';
import { moveBetween, Stage } from './stage';

/** What every lifecycle step may carry: a link to the public record of it. */
interface Step {
  id: string;
  evidenceUrl: string | null;
}

export type RecommendationCommand =
  | {
      kind: 'ProposeRecommendation';
      id: string;
      title: string;
      summary: string | null;
      sourceId: string;
      theme: string | null;
      owner: string | null;
    }
  | (Step & { kind: 'AcceptRecommendation'; decision: AcceptanceDecision })
  | (Step & { kind: 'RejectRecommendation' })
  | (Step & {
      kind: 'FundRecommendation';
      amountPence: number | null;
      fundingSource: string;
      periodStart: string | null;
      periodEnd: string | null;
    })
  | (Step & {
      kind: 'StartPilot';
      areas: string[];
      startDate: string;
      plannedEndDate: string | null;
    })
  | (Step & {
      kind: 'RollOutRecommendation';
      scope: RolloutScope;
      areas: string[];
      rolloutDate: string;
    })
  | (Step & { kind: 'WithdrawRecommendation' })
  | {
      kind: 'RecordGovernmentResponse';
      id: string;
      decision: ResponseDecision;
      respondedOn: string;
      evidenceUrl: string;
      note: string | null;
    }
  | { kind: 'LinkRecommendations'; id: string; relation: LinkRelation; otherId: string };

/** What a decision may consult besides the state: the command's envelope and other contexts. */
export interface DecisionContext {
  occurredAt: string;
  reason: string | null;
  now: Date;
  isKnownArea(areaCode: string): boolean;
  /** The proposal's source as it stands now, looked up by the handler; null when unknown. */
  source?: SourceOfRecommendations | null;
  /** For a link: whether the other recommendation exists. */
  otherExists?: boolean;
}

/** Decides which events a command produces on a recommendation, or refuses it. Pure. */
export function decide(
  command: RecommendationCommand,
  state: RecommendationState | null,
  context: DecisionContext,
): RecommendationEvent[] {
  assertNotInFuture(context.occurredAt, context.now);
  if (command.kind === 'ProposeRecommendation') {
    if (state) {
      throw new DomainError(
        ErrorCode.ALREADY_EXISTS,
        `Recommendation ${command.id} already exists`,
        {
          id: command.id,
        },
      );
    }
    assertSourceAndTheme(command.sourceId, command.theme, context);
    const { kind: _kind, ...data } = command;
    return [{ type: 'RecommendationProposed', data }];
  }
  if (!state) {
    throw notFound('Recommendation', command.id);
  }
  switch (command.kind) {
    case 'AcceptRecommendation':
      stepFrom(state, Stage.ACCEPTED, context, { reasonRequired: true });
      return [
        {
          type: 'RecommendationAccepted',
          data: { decision: command.decision, ...evidenceOf(command) },
        },
      ];
    case 'RejectRecommendation':
      stepFrom(state, Stage.REJECTED, context, { reasonRequired: true });
      return [{ type: 'RecommendationRejected', data: evidenceOf(command) }];
    case 'FundRecommendation': {
      const skipped = stepFrom(state, Stage.FUNDED, context);
      assertAmount(command.amountPence);
      assertDateOrder('periodEnd', command.periodStart, command.periodEnd);
      const { kind: _kind, id: _id, evidenceUrl: _url, ...data } = command;
      return [
        { type: 'RecommendationFunded', data: { ...data, ...evidenceOf(command), ...skipped } },
      ];
    }
    case 'StartPilot': {
      const skipped = stepFrom(state, Stage.PILOTED, context);
      assertAreas(command.areas, context);
      assertDateOrder('plannedEndDate', command.startDate, command.plannedEndDate);
      const { kind: _kind, id: _id, evidenceUrl: _url, ...data } = command;
      return [
        {
          type: 'RecommendationPilotStarted',
          data: { ...data, ...evidenceOf(command), ...skipped },
        },
      ];
    }
    case 'RollOutRecommendation': {
      const skipped = stepFrom(state, Stage.ROLLED_OUT, context);
      assertRolloutScope(command.scope, command.areas);
      assertAreas(command.areas, context);
      const { kind: _kind, id: _id, evidenceUrl: _url, ...data } = command;
      return [
        { type: 'RecommendationRolledOut', data: { ...data, ...evidenceOf(command), ...skipped } },
      ];
    }
    case 'WithdrawRecommendation':
      stepFrom(state, Stage.WITHDRAWN, context, { reasonRequired: true });
      return [{ type: 'RecommendationWithdrawn', data: evidenceOf(command) }];
    case 'RecordGovernmentResponse': {
      assertResponseDate(command.respondedOn, state, context.now);
      const { kind: _kind, id: _id, ...data } = command;
      return [{ type: 'RecommendationResponseRecorded', data }];
    }
    case 'LinkRecommendations':
      assertLink(command.relation, command.otherId, state, context);
      return [
        {
          type: 'RecommendationLinked',
          data: { relation: command.relation, otherId: command.otherId },
        },
      ];
  }
}

/** Only what was given: events of steps without evidence stay as they were before it existed. */
const evidenceOf = (step: Step): { evidenceUrl?: string } =>
  step.evidenceUrl ? { evidenceUrl: step.evidenceUrl } : {};

/** The stages a step skips, recorded only when it skips any. */
function stepFrom(
  state: RecommendationState,
  to: Stage,
  context: DecisionContext,
  { reasonRequired = false } = {},
): { skippedStages?: Stage[] } {
  const skipped = moveBetween(state.id, state.stage, to, context.reason);
  if (reasonRequired && !context.reason?.trim()) {
    throw new InvalidInputError('reason', 'required', `A reason is required to move to ${to}`);
  }
  if (Date.parse(context.occurredAt) < Date.parse(state.stageChangedAt)) {
    throw new InvalidInputError(
      'occurredAt',
      'notBeforePreviousStep',
      `occurredAt ${context.occurredAt} is before the previous step (${state.stage} at ${state.stageChangedAt})`,
    );
  }
  return skipped.length ? { skippedStages: skipped } : {};
}

/**
 * A recommendation belongs to a known source and, when the source has themes of its own, to
 * one of them; it is made no earlier than its source was published.
 */
function assertSourceAndTheme(
  sourceId: string,
  theme: string | null,
  context: DecisionContext,
): void {
  const source = context.source;
  if (!source) {
    throw new InvalidInputError('sourceId', 'knownSource', `No source has the id "${sourceId}"`);
  }
  if (source.themes.length === 0 && theme !== null) {
    throw new InvalidInputError(
      'theme',
      'noThemesInSource',
      `${source.title} lists no themes, so a recommendation from it has none`,
    );
  }
  if (source.themes.length > 0 && (theme === null || !source.themes.includes(theme))) {
    throw new InvalidInputError(
      'theme',
      'knownTheme',
      theme === null
        ? `A theme is required: one of ${source.title}'s themes`
        : `Theme "${theme}" is not one of ${source.title}'s themes`,
    );
  }
  if (isoDate(new Date(context.occurredAt)) < source.publishedOn) {
    throw new InvalidInputError(
      'occurredAt',
      'notBeforeSource',
      `occurredAt ${context.occurredAt} is before ${source.title} was published (${source.publishedOn})`,
    );
  }
}

/** A response is dated no later than today and no earlier than the proposal's day. */
function assertResponseDate(respondedOn: string, state: RecommendationState, now: Date): void {
  if (respondedOn > isoDate(now)) {
    throw new InvalidInputError(
      'respondedOn',
      'notInFuture',
      `respondedOn ${respondedOn} is in the future`,
    );
  }
  const proposedOn = isoDate(new Date(state.proposedAt));
  if (respondedOn < proposedOn) {
    throw new InvalidInputError(
      'respondedOn',
      'notBeforeProposal',
      `respondedOn ${respondedOn} is before the recommendation was made (${proposedOn})`,
    );
  }
}

function assertLink(
  relation: LinkRelation,
  otherId: string,
  state: RecommendationState,
  context: DecisionContext,
): void {
  if (otherId === state.id) {
    throw new InvalidInputError('otherId', 'notSelf', 'A recommendation cannot link to itself');
  }
  if (!context.otherExists) {
    throw new InvalidInputError(
      'otherId',
      'knownRecommendation',
      `No recommendation has the id "${otherId}"`,
    );
  }
  if (state.links.some((link) => link.relation === relation && link.otherId === otherId)) {
    throw new DomainError(
      ErrorCode.ALREADY_EXISTS,
      `Recommendation ${state.id} is already linked to ${otherId} as ${relation}`,
      { id: state.id, relation, otherId },
    );
  }
}

function assertAmount(amountPence: number | null): void {
  if (amountPence !== null && (!Number.isSafeInteger(amountPence) || amountPence < 0)) {
    throw new InvalidInputError(
      'amountPence',
      'nonNegativeInteger',
      'amountPence must be a whole, non-negative number of pence',
    );
  }
}

/** Dates are ISO calendar dates (YYYY-MM-DD), so they compare as strings. */
function assertDateOrder(field: string, start: string | null, end: string | null): void {
  if (start && end && end < start) {
    throw new InvalidInputError(
      field,
      'notBeforeStart',
      `${field} ${end} is before the start ${start}`,
    );
  }
}

const assertAreas = (areas: readonly string[], context: DecisionContext): void =>
  assertKnownAreas('areas', areas, (code) => context.isKnownArea(code));

function assertRolloutScope(scope: RolloutScope, areas: readonly string[]): void {
  if (scope === RolloutScope.NATIONAL && areas.length > 0) {
    throw new InvalidInputError(
      'areas',
      'emptyForNationalScope',
      'A national rollout names no areas',
    );
  }
  if (scope === RolloutScope.AREAS && areas.length === 0) {
    throw new InvalidInputError(
      'areas',
      'requiredForAreaScope',
      'A rollout to named areas must name at least one',
    );
  }
}
