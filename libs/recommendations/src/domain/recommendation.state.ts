import {
  AcceptanceDecision,
  LinkRelation,
  RecommendationHistoryEntry,
  RecommendationSource,
  ResponseDecision,
  RolloutScope,
} from './recommendation.events';
import { Stage } from './stage';

export interface Decision {
  reason: string | null;
  decidedAt: string;
}

/** What every step keeps besides its own facts. */
export interface StepRecord {
  evidenceUrl: string | null;
  /** The stages this step moved past without a dated public fact, in order. */
  skippedStages: Stage[];
}

export interface GovernmentResponse {
  decision: ResponseDecision;
  respondedOn: string;
  evidenceUrl: string;
  note: string | null;
}

export interface RecommendationLink {
  relation: LinkRelation;
  otherId: string;
  linkedAt: string;
}

export interface RecommendationState {
  id: string;
  title: string;
  summary: string | null;
  /** Null for a proposal recorded before sources were first-class; `source` names it then. */
  sourceId: string | null;
  source: RecommendationSource | null;
  theme: string | null;
  owner: string | null;
  stage: Stage;
  /** Count of events folded: the stream version this state reflects. */
  version: number;
  proposedAt: string;
  /** Business time of the latest step. */
  stageChangedAt: string;
  acceptance: (Decision & StepRecord & { decision: AcceptanceDecision }) | null;
  rejection: (Decision & StepRecord) | null;
  funding:
    | (StepRecord & {
        amountPence: number | null;
        fundingSource: string;
        periodStart: string | null;
        periodEnd: string | null;
        fundedAt: string;
      })
    | null;
  pilot:
    (StepRecord & { areas: string[]; startDate: string; plannedEndDate: string | null }) | null;
  rollout: (StepRecord & { scope: RolloutScope; areas: string[]; rolloutDate: string }) | null;
  withdrawal: (Decision & StepRecord) | null;
  /** The latest response by its date; earlier ones stay in the history. */
  governmentResponse: GovernmentResponse | null;
  /** Links from this recommendation to others, in the order made. */
  links: RecommendationLink[];
}

/** A step's evidence and skips, with the defaults of events recorded before either existed. */
const stepRecord = (data: { evidenceUrl?: string | null; skippedStages?: Stage[] }) => ({
  evidenceUrl: data.evidenceUrl ?? null,
  skippedStages: data.skippedStages ?? [],
});

/** Folds one event into the state. Events are facts: evolve never refuses them. */
export function evolve(
  state: RecommendationState | null,
  { event, occurredAt, reason }: RecommendationHistoryEntry,
): RecommendationState {
  if (event.type === 'RecommendationProposed') {
    const { sourceId, source, ...data } = event.data;
    return {
      ...data,
      sourceId: sourceId ?? null,
      source: source ?? null,
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
      governmentResponse: null,
      links: [],
    };
  }
  if (!state) {
    throw new Error(`${event.type} cannot start a recommendation's stream`);
  }
  const counted = { ...state, version: state.version + 1 };
  const next = { ...counted, stageChangedAt: occurredAt };
  const decision = { reason, decidedAt: occurredAt };
  switch (event.type) {
    case 'RecommendationAccepted':
      return {
        ...next,
        stage: Stage.ACCEPTED,
        acceptance: { ...decision, ...stepRecord(event.data), decision: event.data.decision },
      };
    case 'RecommendationRejected':
      return {
        ...next,
        stage: Stage.REJECTED,
        rejection: { ...decision, ...stepRecord(event.data) },
      };
    case 'RecommendationFunded':
      return {
        ...next,
        stage: Stage.FUNDED,
        funding: { ...event.data, ...stepRecord(event.data), fundedAt: occurredAt },
      };
    case 'RecommendationPilotStarted':
      return {
        ...next,
        stage: Stage.PILOTED,
        pilot: { ...event.data, ...stepRecord(event.data) },
      };
    case 'RecommendationRolledOut':
      return {
        ...next,
        stage: Stage.ROLLED_OUT,
        rollout: { ...event.data, ...stepRecord(event.data) },
      };
    case 'RecommendationWithdrawn':
      return {
        ...next,
        stage: Stage.WITHDRAWN,
        withdrawal: { ...decision, ...stepRecord(event.data) },
      };
    case 'RecommendationResponseRecorded': {
      // The latest response by its own date is the one shown; a later-dated one supersedes.
      const current = state.governmentResponse;
      const supersedes = !current || event.data.respondedOn >= current.respondedOn;
      return { ...counted, governmentResponse: supersedes ? event.data : current };
    }
    case 'RecommendationLinked':
      return { ...counted, links: [...state.links, { ...event.data, linkedAt: occurredAt }] };
  }
}

export const foldRecommendation = (
  history: readonly RecommendationHistoryEntry[],
): RecommendationState | null =>
  history.reduce<RecommendationState | null>((state, entry) => evolve(state, entry), null);
