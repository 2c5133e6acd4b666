import type { EventMetadata, RecordedEvent } from '@app/kernel';
import {
  AcceptanceDecision,
  LinkRelation,
  RecommendationEvent,
  RecommendationState,
  ResponseDecision,
  RolloutScope,
  Stage,
  STAGE_NAMES,
  stageList,
  STAGES,
} from '@app/recommendations';
import { govukDate } from '../layout/dates';
import { selectItems } from '../layout/select-items';
import { publicActorOf } from '../public-view/public-actor';

export { STAGE_NAMES };

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

const RESPONSES: Record<ResponseDecision, string> = {
  ...DECISIONS,
  [ResponseDecision.REJECTED]: 'Rejected',
  [ResponseDecision.NOTED]: 'Noted',
  [ResponseDecision.UNDER_CONSIDERATION]: 'Under consideration',
};

/** How a link reads from each end: "responds to" here, "answered by" there. */
const LINKS: Record<LinkRelation, { from: string; to: string }> = {
  [LinkRelation.RESPONDS_TO]: { from: 'Responds to', to: 'Responded to by' },
  [LinkRelation.SUPERSEDES]: { from: 'Supersedes', to: 'Superseded by' },
  [LinkRelation.RELATED_TO]: { from: 'Related to', to: 'Related to' },
};

/** A source by title and link. */
export interface SourceLink {
  name: string;
  url: string | null;
}

/** A link between two recommendations, from one end: the other's id and title. */
export interface LinkEnd {
  relation: LinkRelation;
  otherId: string;
  otherTitle: string | null;
  /** Whether the other made the link (it points here). */
  inbound: boolean;
}

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

/** The government's response, as far as the record goes: a recorded response, else the steps. */
export function responseOf(state: RecommendationState): string {
  const response = state.governmentResponse;
  if (response) return `${RESPONSES[response.decision]} (${govukDate(response.respondedOn)})`;
  if (state.acceptance) return DECISIONS[state.acceptance.decision];
  if (state.rejection) return 'Rejected';
  return 'No response recorded';
}

const matches = (state: RecommendationState, source: SourceLink, filter: RegisterFilter): boolean =>
  (!filter.source || source.name === filter.source) &&
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
  sources: ReadonlyMap<string, SourceLink>,
  filter: RegisterFilter,
  sliceQuery: string,
) {
  const sourceOf = (state: RecommendationState): SourceLink =>
    sources.get(state.id) ?? { name: state.sourceId ?? '', url: null };
  const shown = states.filter((state) => matches(state, sourceOf(state), filter));
  const suffix = sliceQuery ? `?${sliceQuery}` : '';
  return {
    count: shown.length,
    filtered: Boolean(filter.source || filter.theme || filter.stage),
    rows: shown.map((state) => ({
      id: state.id,
      href: `/register/${encodeURIComponent(state.id)}${suffix}`,
      title: state.title,
      source: sourceOf(state).name,
      theme: state.theme ?? '',
      stage: stageTag(state.stage),
      response: responseOf(state),
      lastChanged: govukDate(state.stageChangedAt),
    })),
    filters: {
      source: selectItems(
        distinct(states.map((state) => sourceOf(state).name)),
        filter.source,
        'All sources',
      ),
      theme: selectItems(
        distinct(states.flatMap((state) => (state.theme ? [state.theme] : []))),
        filter.theme,
        'All themes',
      ),
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
    case 'RecommendationResponseRecorded':
      return `The government responded: ${RESPONSES[event.data.decision]}`;
    case 'RecommendationLinked':
      return `${LINKS[event.data.relation].from} ${event.data.otherId}`;
  }
}

/** The stage each step moved to, for telling where a skip started from. */
const STEP_STAGES: Partial<Record<RecommendationEvent['type'], Stage>> = {
  RecommendationProposed: Stage.PROPOSED,
  RecommendationAccepted: Stage.ACCEPTED,
  RecommendationRejected: Stage.REJECTED,
  RecommendationFunded: Stage.FUNDED,
  RecommendationPilotStarted: Stage.PILOTED,
  RecommendationRolledOut: Stage.ROLLED_OUT,
  RecommendationWithdrawn: Stage.WITHDRAWN,
};

/** "Moved from Accepted to Rolled out, skipping Funded and Piloted: <reason>", for a skip. */
function skipSentence(
  from: Stage,
  event: RecommendationEvent,
  reason: string | null,
): string | null {
  const skipped = 'skippedStages' in event.data ? (event.data.skippedStages ?? []) : [];
  const to = STEP_STAGES[event.type];
  if (!skipped.length || !to) return reason;
  const sentence = `Moved from ${STAGE_NAMES[from]} to ${STAGE_NAMES[to]}, skipping ${stageList(skipped)}`;
  return reason ? `${sentence}: ${reason}` : sentence;
}

/**
 * One recommendation's page: what it is, where it stands, and its public timeline. Who took a
 * step is their role and organisation, never their name.
 */
export function recommendationView(
  state: RecommendationState,
  events: readonly RecordedEvent[],
  source: SourceLink,
  links: readonly LinkEnd[],
) {
  const response = state.governmentResponse;
  const details: { key: { text: string }; value: { text: string } }[] = [
    { key: { text: 'Reference' }, value: { text: state.id } },
    { key: { text: 'Source' }, value: { text: source.name } },
    { key: { text: 'Theme' }, value: { text: state.theme ?? 'None: its source lists no themes' } },
    { key: { text: "Government's response" }, value: { text: responseOf(state) } },
    { key: { text: 'Made on' }, value: { text: govukDate(state.proposedAt) } },
  ];
  let stage = Stage.PROPOSED;
  return {
    id: state.id,
    title: state.title,
    summary: state.summary,
    sourceUrl: source.url,
    sourceName: source.name,
    stage: stageTag(state.stage),
    stageChangedOn: govukDate(state.stageChangedAt),
    details,
    response: response && {
      text: responseOf(state),
      note: response.note,
      evidenceUrl: response.evidenceUrl,
    },
    links: links.map((link) => ({
      text: `${link.inbound ? LINKS[link.relation].to : LINKS[link.relation].from} ${link.otherId}`,
      title: link.otherTitle,
      href: `/register/${encodeURIComponent(link.otherId)}`,
    })),
    steps: events.map((recorded) => {
      const metadata = recorded.metadata as unknown as EventMetadata;
      const event = { type: recorded.type, data: recorded.data } as RecommendationEvent;
      const from = stage;
      stage = STEP_STAGES[event.type] ?? stage;
      const evidenceUrl = 'evidenceUrl' in event.data ? event.data.evidenceUrl : null;
      return {
        date: govukDate(metadata.occurredAt),
        title: stepTitle(event),
        by: publicActorOf(metadata.actor),
        reason: skipSentence(from, event, metadata.reason),
        evidence: [...(metadata.evidence ?? []), ...(evidenceUrl ? [evidenceUrl] : [])],
      };
    }),
  };
}
