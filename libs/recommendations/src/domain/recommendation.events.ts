/** The facts recorded at each step of a recommendation's lifecycle. */
import type { Stage } from './stage';

/** A source named in free text, as proposals recorded it before sources were first-class. */
export interface RecommendationSource {
  name: string;
  url: string | null;
}

export enum AcceptanceDecision {
  ACCEPTED_IN_FULL = 'ACCEPTED_IN_FULL',
  ACCEPTED_IN_PART = 'ACCEPTED_IN_PART',
  ACCEPTED_IN_PRINCIPLE = 'ACCEPTED_IN_PRINCIPLE',
}

/** The government's response to a recommendation, in the words responses use. */
export enum ResponseDecision {
  ACCEPTED_IN_FULL = 'ACCEPTED_IN_FULL',
  ACCEPTED_IN_PART = 'ACCEPTED_IN_PART',
  ACCEPTED_IN_PRINCIPLE = 'ACCEPTED_IN_PRINCIPLE',
  REJECTED = 'REJECTED',
  NOTED = 'NOTED',
  UNDER_CONSIDERATION = 'UNDER_CONSIDERATION',
}

/** How one recommendation stands to another. */
export enum LinkRelation {
  RESPONDS_TO = 'RESPONDS_TO',
  SUPERSEDES = 'SUPERSEDES',
  RELATED_TO = 'RELATED_TO',
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
    /** The source's id; absent from proposals recorded before sources were first-class. */
    sourceId?: string;
    /** Free text; only on proposals recorded before sources were first-class. */
    source?: RecommendationSource;
    /** One of the source's own themes; null when the source lists none. */
    theme: string | null;
    owner: string | null;
  };
}

/** What every step may record besides its own facts: a link to the public record of it. */
export interface StepEvidence {
  evidenceUrl?: string | null;
}

/** What a forward step past stages the record does not show says it skipped, in order. */
export interface StepSkips {
  skippedStages?: Stage[];
}

export interface RecommendationAccepted {
  type: 'RecommendationAccepted';
  data: { decision: AcceptanceDecision } & StepEvidence;
}

export interface RecommendationRejected {
  type: 'RecommendationRejected';
  data: StepEvidence;
}

export interface RecommendationFunded {
  type: 'RecommendationFunded';
  data: {
    /** Null where the public record gives no amount. */
    amountPence: number | null;
    fundingSource: string;
    periodStart: string | null;
    periodEnd: string | null;
  } & StepEvidence &
    StepSkips;
}

export interface RecommendationPilotStarted {
  type: 'RecommendationPilotStarted';
  data: { areas: string[]; startDate: string; plannedEndDate: string | null } & StepEvidence &
    StepSkips;
}

export interface RecommendationRolledOut {
  type: 'RecommendationRolledOut';
  data: { scope: RolloutScope; areas: string[]; rolloutDate: string } & StepEvidence & StepSkips;
}

export interface RecommendationWithdrawn {
  type: 'RecommendationWithdrawn';
  data: StepEvidence;
}

/** The government's response, a dated fact beside the lifecycle: it moves no stage. */
export interface RecommendationResponseRecorded {
  type: 'RecommendationResponseRecorded';
  data: {
    decision: ResponseDecision;
    /** YYYY-MM-DD */
    respondedOn: string;
    evidenceUrl: string;
    note: string | null;
  };
}

/** This recommendation stands so to another (the other's page shows it from its side). */
export interface RecommendationLinked {
  type: 'RecommendationLinked';
  data: { relation: LinkRelation; otherId: string };
}

export type RecommendationEvent =
  | RecommendationProposed
  | RecommendationAccepted
  | RecommendationRejected
  | RecommendationFunded
  | RecommendationPilotStarted
  | RecommendationRolledOut
  | RecommendationWithdrawn
  | RecommendationResponseRecorded
  | RecommendationLinked;

/** Every type of event in a recommendation's stream (webhooks offer these to choose from). */
export const RECOMMENDATION_EVENT_TYPES: readonly string[] = Object.keys({
  RecommendationProposed: true,
  RecommendationAccepted: true,
  RecommendationRejected: true,
  RecommendationFunded: true,
  RecommendationPilotStarted: true,
  RecommendationRolledOut: true,
  RecommendationWithdrawn: true,
  RecommendationResponseRecorded: true,
  RecommendationLinked: true,
} satisfies Record<RecommendationEvent['type'], true>);

/** An event with the business facts of its envelope that the state keeps. */
export interface RecommendationHistoryEntry {
  event: RecommendationEvent;
  occurredAt: string;
  reason: string | null;
}

export const RECOMMENDATION_STREAM_PREFIX = 'recommendation-';
export const recommendationStream = (id: string): string => `${RECOMMENDATION_STREAM_PREFIX}${id}`;
