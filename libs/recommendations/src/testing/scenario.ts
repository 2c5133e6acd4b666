import type { SourceOfRecommendations } from '@app/kernel';
import { decide, DecisionContext, RecommendationCommand } from '../domain/decide';
import {
  RecommendationEvent,
  RolloutScope,
  AcceptanceDecision,
} from '../domain/recommendation.events';
import { foldRecommendation } from '../domain/recommendation.state';

/** Areas the scenarios treat as real (Lambeth, Southampton, Stockport). */
const KNOWN_AREAS = new Set(['E09000022', 'E06000045', 'E08000007']);

export const NOW = new Date('2025-06-01T12:00:00.000Z');

/** The review, with two of its themes: what the handler would find in the source catalogue. */
export const REVIEW: SourceOfRecommendations = {
  id: 'ircsc-final-report-2022',
  title: "The independent review of children's social care: final report",
  kind: 'INDEPENDENT_REVIEW',
  publisher: "The independent review of children's social care",
  publishedOn: '2022-05-23',
  url: null,
  themes: ['Implementation', 'A revolution in Family Help'],
};

/** A source with no themes of its own. */
export const RESPONSE: SourceOfRecommendations = {
  id: 'dfe-2022-05-23-initial-response',
  title: "Fundamental shift in children's social care set out",
  kind: 'GOVERNMENT_RESPONSE',
  publisher: 'Department for Education',
  publishedOn: '2022-05-23',
  url: null,
  themes: [],
};

const context = (overrides: Partial<DecisionContext>): DecisionContext => ({
  occurredAt: '2025-05-01T00:00:00.000Z',
  reason: 'Board decision',
  now: NOW,
  isKnownArea: (code) => KNOWN_AREAS.has(code),
  source: REVIEW,
  otherExists: true,
  ...overrides,
});

/**
 * Given events (each at a business date), when a command, then events or an error:
 * the decider's tests read as the lifecycle does.
 */
export function given(...history: [RecommendationEvent, string?][]) {
  const state = foldRecommendation(
    history.map(([event, occurredAt]) => ({
      event,
      occurredAt: occurredAt ?? '2024-01-01T00:00:00.000Z',
      reason: null,
    })),
  );
  return {
    when: (command: RecommendationCommand, overrides: Partial<DecisionContext> = {}) => ({
      then: () => decide(command, state, context(overrides)),
    }),
  };
}

export const ID = 'CSC-FAMILY-HELP';

export const proposed: RecommendationEvent = {
  type: 'RecommendationProposed',
  data: {
    id: ID,
    title: 'Introduce a single Family Help service',
    summary: null,
    sourceId: REVIEW.id,
    theme: 'A revolution in Family Help',
    owner: null,
  },
};
export const accepted: RecommendationEvent = {
  type: 'RecommendationAccepted',
  data: { decision: AcceptanceDecision.ACCEPTED_IN_FULL },
};
export const funded: RecommendationEvent = {
  type: 'RecommendationFunded',
  data: {
    amountPence: 4_500_000_000,
    fundingSource: 'DfE',
    periodStart: '2023-07-01',
    periodEnd: '2025-03-31',
  },
};
export const piloted: RecommendationEvent = {
  type: 'RecommendationPilotStarted',
  data: { areas: ['E09000022'], startDate: '2023-07-26', plannedEndDate: null },
};
export const rolledOut: RecommendationEvent = {
  type: 'RecommendationRolledOut',
  data: { scope: RolloutScope.NATIONAL, areas: [], rolloutDate: '2025-04-01' },
};
export const rejected: RecommendationEvent = { type: 'RecommendationRejected', data: {} };
/** A proposal recorded before sources were first-class: free-text source, no sourceId. */
export const proposedWithFreeTextSource: RecommendationEvent = {
  type: 'RecommendationProposed',
  data: {
    id: ID,
    title: 'Introduce a single Family Help service',
    summary: null,
    source: { name: "Independent Review of Children's Social Care", url: null },
    theme: 'A revolution in Family Help',
    owner: null,
  },
};
export const withdrawn: RecommendationEvent = { type: 'RecommendationWithdrawn', data: {} };

export { refusal } from '@app/kernel';
