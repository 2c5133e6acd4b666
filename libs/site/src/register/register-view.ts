import type { EventMetadata, RecordedEvent } from '@app/kernel';
import {
  AcceptanceDecision,
  RecommendationEvent,
  RecommendationState,
  RolloutScope,
  Stage,
  STAGES,
} from '@app/recommendations';
import { govukDate } from '../layout/dates';
import { selectItems } from '../layout/select-items';
import { publicActorOf } from '../public-view/public-actor';

/** Each stage in the public's words. */
export const STAGE_NAMES: Record<Stage, string> = {
  [Stage.PROPOSED]: 'Proposed',
  [Stage.ACCEPTED]: 'Accepted',
  [Stage.FUNDED]: 'Funded',
  [Stage.PILOTED]: 'Piloted',
  [Stage.ROLLED_OUT]: 'Rolled out',
  [Stage.REJECTED]: 'Rejected',
  [Stage.WITHDRAWN]: 'Withdrawn',
};

/** GOV.UK tag colours: status colours may be public. */
const STAGE_TAGS: Record<Stage, string> = {
  [Stage.PROPOSED]: 'govuk-tag--grey',
  [Stage.ACCEPTED]: 'govuk-tag--blue',
  [Stage.FUNDED]: 'govuk-tag--turquoise',
  [Stage.PILOTED]: 'govuk-tag--purple',
  [Stage.ROLLED_OUT]: 'govuk-tag--green',
  [Stage.REJECTED]: 'govuk-tag--red',
  [Stage.WITHDRAWN]: 'govuk-tag--orange',
};

const DECISIONS: Record<AcceptanceDecision, string> = {
  [AcceptanceDecision.ACCEPTED_IN_FULL]: 'Accepted in full',
  [AcceptanceDecision.ACCEPTED_IN_PART]: 'Accepted in part',
  [AcceptanceDecision.ACCEPTED_IN_PRINCIPLE]: 'Accepted in principle',
};

export interface RegisterFilter {
  source: string;
  theme: string;
  stage: Stage | '';
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** The filters asked for in a page's query; a stage that is not one is ignored. */
export function registerFilterOf(query: Record<string, unknown>): RegisterFilter {
  const stage = text(query.stage);
  return {
    source: text(query.source),
    theme: text(query.theme),
    stage: STAGES.includes(stage as Stage) ? (stage as Stage) : '',
  };
}

export const stageTag = (stage: Stage) => ({
  text: STAGE_NAMES[stage],
  classes: STAGE_TAGS[stage],
});

/** The government's response, as far as the record goes. */
export function responseOf(state: RecommendationState): string {
  if (state.acceptance) return DECISIONS[state.acceptance.decision];
  if (state.rejection) return 'Rejected';
  return 'No response recorded';
}

const matches = (state: RecommendationState, filter: RegisterFilter): boolean =>
  (!filter.source || state.source.name === filter.source) &&
  (!filter.theme || state.theme === filter.theme) &&
  (!filter.stage || state.stage === filter.stage);

const distinct = (values: string[]): string[] =>
  [...new Set(values)].sort((a, b) => a.localeCompare(b, 'en-GB'));

/**
 * The register page: the recommendations that match the filters, and the choices of each
 * filter (from every recommendation of the time slice, so a filter never hides its own options).
 */
export function registerView(
  states: readonly RecommendationState[],
  filter: RegisterFilter,
  sliceQuery: string,
) {
  const shown = states.filter((state) => matches(state, filter));
  const suffix = sliceQuery ? `?${sliceQuery}` : '';
  return {
    count: shown.length,
    filtered: Boolean(filter.source || filter.theme || filter.stage),
    rows: shown.map((state) => ({
      id: state.id,
      href: `/register/${encodeURIComponent(state.id)}${suffix}`,
      title: state.title,
      source: state.source.name,
      theme: state.theme,
      stage: stageTag(state.stage),
      response: responseOf(state),
      lastChanged: govukDate(state.stageChangedAt),
    })),
    filters: {
      source: selectItems(
        distinct(states.map((state) => state.source.name)),
        filter.source,
        'All sources',
      ),
      theme: selectItems(distinct(states.map((state) => state.theme)), filter.theme, 'All themes'),
      stage: selectItems(STAGES, filter.stage, 'All stages', STAGE_NAMES),
    },
  };
}

const pounds = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'GBP',
  maximumFractionDigits: 0,
});

const areasCount = (areas: readonly string[]): string =>
  areas.length === 1 ? '1 area' : `${areas.length} areas`;

/** What a step did, in words. */
export function stepTitle(event: RecommendationEvent): string {
  switch (event.type) {
    case 'RecommendationProposed':
      return 'Recommended';
    case 'RecommendationAccepted':
      return `${DECISIONS[event.data.decision]} by the government`;
    case 'RecommendationRejected':
      return 'Rejected by the government';
    case 'RecommendationFunded':
      return event.data.amountPence === null
        ? `Funded by ${event.data.fundingSource}`
        : `Funded with ${pounds.format(event.data.amountPence / 100)} by ${event.data.fundingSource}`;
    case 'RecommendationPilotStarted':
      return `Pilot started in ${areasCount(event.data.areas)}`;
    case 'RecommendationRolledOut':
      return event.data.scope === RolloutScope.NATIONAL
        ? 'Rolled out across England'
        : `Rolled out in ${areasCount(event.data.areas)}`;
    case 'RecommendationWithdrawn':
      return 'Withdrawn';
  }
}

/**
 * One recommendation's page: what it is, where it stands, and its public timeline. Who took a
 * step is their role and organisation, never their name.
 */
export function recommendationView(state: RecommendationState, events: readonly RecordedEvent[]) {
  const details: { key: { text: string }; value: { text: string } }[] = [
    { key: { text: 'Reference' }, value: { text: state.id } },
    { key: { text: 'Source' }, value: { text: state.source.name } },
    { key: { text: 'Theme' }, value: { text: state.theme } },
    { key: { text: "Government's response" }, value: { text: responseOf(state) } },
    { key: { text: 'Proposed on' }, value: { text: govukDate(state.proposedAt) } },
  ];
  return {
    id: state.id,
    title: state.title,
    summary: state.summary,
    sourceUrl: state.source.url,
    sourceName: state.source.name,
    stage: stageTag(state.stage),
    stageChangedOn: govukDate(state.stageChangedAt),
    details,
    steps: events.map((recorded) => {
      const metadata = recorded.metadata as unknown as EventMetadata;
      const event = { type: recorded.type, data: recorded.data } as RecommendationEvent;
      return {
        date: govukDate(metadata.occurredAt),
        title: stepTitle(event),
        by: publicActorOf(metadata.actor),
        reason: metadata.reason,
        evidence: metadata.evidence ?? [],
      };
    }),
  };
}
