/** The facts recorded at each step of a recommendation's lifecycle. */

export interface RecommendationSource {
  name: string;
  url: string | null;
}

export enum AcceptanceDecision {
  ACCEPTED_IN_FULL = 'ACCEPTED_IN_FULL',
  ACCEPTED_IN_PART = 'ACCEPTED_IN_PART',
  ACCEPTED_IN_PRINCIPLE = 'ACCEPTED_IN_PRINCIPLE',
}

export enum RolloutScope {
  NATIONAL = 'NATIONAL',
  AREAS = 'AREAS',
}

export interface RecommendationProposed {
  type: 'RecommendationProposed';
  data: {
    id: string;
    title: string;
    summary: string | null;
    source: RecommendationSource;
    theme: string;
    owner: string | null;
  };
}

export interface RecommendationAccepted {
  type: 'RecommendationAccepted';
  data: { decision: AcceptanceDecision };
}

export interface RecommendationRejected {
  type: 'RecommendationRejected';
  data: Record<string, never>;
}

export interface RecommendationFunded {
  type: 'RecommendationFunded';
  data: {
    /** Null where the public record gives no amount. */
    amountPence: number | null;
    fundingSource: string;
    periodStart: string | null;
    periodEnd: string | null;
  };
}

export interface RecommendationPilotStarted {
  type: 'RecommendationPilotStarted';
  data: { areas: string[]; startDate: string; plannedEndDate: string | null };
}

export interface RecommendationRolledOut {
  type: 'RecommendationRolledOut';
  data: { scope: RolloutScope; areas: string[]; rolloutDate: string };
}

export interface RecommendationWithdrawn {
  type: 'RecommendationWithdrawn';
  data: Record<string, never>;
}

export type RecommendationEvent =
  | RecommendationProposed
  | RecommendationAccepted
  | RecommendationRejected
  | RecommendationFunded
  | RecommendationPilotStarted
  | RecommendationRolledOut
  | RecommendationWithdrawn;

/** Every type of event in a recommendation's stream (webhooks offer these to choose from). */
export const RECOMMENDATION_EVENT_TYPES: readonly string[] = Object.keys({
  RecommendationProposed: true,
  RecommendationAccepted: true,
  RecommendationRejected: true,
  RecommendationFunded: true,
  RecommendationPilotStarted: true,
  RecommendationRolledOut: true,
  RecommendationWithdrawn: true,
} satisfies Record<RecommendationEvent['type'], true>);

/** An event with the business facts of its envelope that the state keeps. */
export interface RecommendationHistoryEntry {
  event: RecommendationEvent;
  occurredAt: string;
  reason: string | null;
}

export const RECOMMENDATION_STREAM_PREFIX = 'recommendation-';
export const recommendationStream = (id: string): string => `${RECOMMENDATION_STREAM_PREFIX}${id}`;
