import {
  AcceptanceDecision,
  RecommendationHistoryEntry,
  RecommendationSource,
  RolloutScope,
} from './recommendation.events';
import { Stage } from './stage';

export interface Decision {
  reason: string | null;
  decidedAt: string;
}

export interface RecommendationState {
  id: string;
  title: string;
  summary: string | null;
  source: RecommendationSource;
  theme: string;
  owner: string | null;
  stage: Stage;
  /** Count of events folded: the stream version this state reflects. */
  version: number;
  proposedAt: string;
  /** Business time of the latest step. */
  stageChangedAt: string;
  acceptance: (Decision & { decision: AcceptanceDecision }) | null;
  rejection: Decision | null;
  funding: {
    amountPence: number | null;
    fundingSource: string;
    periodStart: string | null;
    periodEnd: string | null;
    fundedAt: string;
  } | null;
  pilot: { areas: string[]; startDate: string; plannedEndDate: string | null } | null;
  rollout: { scope: RolloutScope; areas: string[]; rolloutDate: string } | null;
  withdrawal: Decision | null;
}

/** Folds one event into the state. Events are facts: evolve never refuses them. */
export function evolve(
  state: RecommendationState | null,
  { event, occurredAt, reason }: RecommendationHistoryEntry,
): RecommendationState {
  if (event.type === 'RecommendationProposed') {
    return {
      ...event.data,
      stage: Stage.PROPOSED,
      version: 1,
      proposedAt: occurredAt,
      stageChangedAt: occurredAt,
      acceptance: null,
      rejection: null,
      funding: null,
      pilot: null,
      rollout: null,
      withdrawal: null,
    };
  }
  if (!state) {
    throw new Error(`${event.type} cannot start a recommendation's stream`);
  }
  const next = { ...state, version: state.version + 1, stageChangedAt: occurredAt };
  const decision = { reason, decidedAt: occurredAt };
  switch (event.type) {
    case 'RecommendationAccepted':
      return { ...next, stage: Stage.ACCEPTED, acceptance: { ...decision, ...event.data } };
    case 'RecommendationRejected':
      return { ...next, stage: Stage.REJECTED, rejection: decision };
    case 'RecommendationFunded':
      return { ...next, stage: Stage.FUNDED, funding: { ...event.data, fundedAt: occurredAt } };
    case 'RecommendationPilotStarted':
      return { ...next, stage: Stage.PILOTED, pilot: event.data };
    case 'RecommendationRolledOut':
      return { ...next, stage: Stage.ROLLED_OUT, rollout: event.data };
    case 'RecommendationWithdrawn':
      return { ...next, stage: Stage.WITHDRAWN, withdrawal: decision };
  }
}

export const foldRecommendation = (
  history: readonly RecommendationHistoryEntry[],
): RecommendationState | null =>
  history.reduce<RecommendationState | null>((state, entry) => evolve(state, entry), null);
