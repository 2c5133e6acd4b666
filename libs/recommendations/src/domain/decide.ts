import {
  assertKnownAreas,
  assertNotInFuture,
  DomainError,
  ErrorCode,
  InvalidInputError,
  notFound,
} from '@app/kernel';
import {
  AcceptanceDecision,
  RecommendationEvent,
  RecommendationSource,
  RolloutScope,
} from './recommendation.events';
import { RecommendationState } from './recommendation.state';
import { assertTransition, Stage } from './stage';

export type RecommendationCommand =
  | {
      kind: 'ProposeRecommendation';
      id: string;
      title: string;
      summary: string | null;
      source: RecommendationSource;
      theme: string;
      owner: string | null;
    }
  | { kind: 'AcceptRecommendation'; id: string; decision: AcceptanceDecision }
  | { kind: 'RejectRecommendation'; id: string }
  | {
      kind: 'FundRecommendation';
      id: string;
      amountPence: number | null;
      fundingSource: string;
      periodStart: string | null;
      periodEnd: string | null;
    }
  | {
      kind: 'StartPilot';
      id: string;
      areas: string[];
      startDate: string;
      plannedEndDate: string | null;
    }
  | {
      kind: 'RollOutRecommendation';
      id: string;
      scope: RolloutScope;
      areas: string[];
      rolloutDate: string;
    }
  | { kind: 'WithdrawRecommendation'; id: string };

/** What a decision may consult besides the state: the command's envelope and reference data. */
export interface DecisionContext {
  occurredAt: string;
  reason: string | null;
  now: Date;
  isKnownTheme(theme: string): boolean;
  isKnownArea(areaCode: string): boolean;
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
    if (!context.isKnownTheme(command.theme)) {
      throw new InvalidInputError(
        'theme',
        'knownTheme',
        `Theme "${command.theme}" is not one of the review's themes`,
      );
    }
    const { kind: _kind, ...data } = command;
    return [{ type: 'RecommendationProposed', data }];
  }
  if (!state) {
    throw notFound('Recommendation', command.id);
  }
  switch (command.kind) {
    case 'AcceptRecommendation':
      stepFrom(state, Stage.ACCEPTED, context, { reasonRequired: true });
      return [{ type: 'RecommendationAccepted', data: { decision: command.decision } }];
    case 'RejectRecommendation':
      stepFrom(state, Stage.REJECTED, context, { reasonRequired: true });
      return [{ type: 'RecommendationRejected', data: {} }];
    case 'FundRecommendation': {
      stepFrom(state, Stage.FUNDED, context);
      assertAmount(command.amountPence);
      assertDateOrder('periodEnd', command.periodStart, command.periodEnd);
      const { kind: _kind, id: _id, ...data } = command;
      return [{ type: 'RecommendationFunded', data }];
    }
    case 'StartPilot': {
      stepFrom(state, Stage.PILOTED, context);
      assertAreas(command.areas, context);
      assertDateOrder('plannedEndDate', command.startDate, command.plannedEndDate);
      const { kind: _kind, id: _id, ...data } = command;
      return [{ type: 'RecommendationPilotStarted', data }];
    }
    case 'RollOutRecommendation': {
      stepFrom(state, Stage.ROLLED_OUT, context);
      assertRolloutScope(command.scope, command.areas);
      assertAreas(command.areas, context);
      const { kind: _kind, id: _id, ...data } = command;
      return [{ type: 'RecommendationRolledOut', data }];
    }
    case 'WithdrawRecommendation':
      stepFrom(state, Stage.WITHDRAWN, context, { reasonRequired: true });
      return [{ type: 'RecommendationWithdrawn', data: {} }];
  }
}

function stepFrom(
  state: RecommendationState,
  to: Stage,
  context: DecisionContext,
  { reasonRequired = false } = {},
): void {
  assertTransition(state.id, state.stage, to);
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
