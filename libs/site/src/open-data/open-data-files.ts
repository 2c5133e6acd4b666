import type { Evaluation } from '@app/evaluations';
import type { RecommendationState } from '@app/recommendations';
import {
  ROLLOUT_CSV_COLUMNS,
  type NationalMilestone,
  type ProgrammeFact,
  type ProgrammeRollup,
  type ProgrammeState,
  type RolloutRow,
} from '@app/rollout';
import type { PublicEntry } from '../public-view/public-entry';
import type { Column, DataFile } from './data-file';

const columnsOf = (meanings: Record<string, string>): Column[] =>
  Object.entries(meanings).map(([name, meaning]) => ({ name, meaning }));

const DATE = 'a date, YYYY-MM-DD';
const INSTANT = 'an instant in UTC, ISO 8601';
const AREAS = 'ONS GSS codes of local authorities, separated by spaces';

/** A row of the register: one recommendation as it stands. */
export type RegisterRow = ReturnType<typeof registerRowOf>;

export function registerRowOf(
  state: RecommendationState,
  source: { name: string; url: string | null },
) {
  return {
    id: state.id,
    title: state.title,
    summary: state.summary,
    sourceId: state.sourceId,
    sourceName: source.name,
    sourceUrl: source.url,
    theme: state.theme,
    owner: state.owner,
    stage: state.stage,
    proposedAt: state.proposedAt,
    stageChangedAt: state.stageChangedAt,
    acceptanceDecision: state.acceptance?.decision ?? null,
    acceptedAt: state.acceptance?.decidedAt ?? null,
    decisionReason: state.acceptance?.reason ?? state.rejection?.reason ?? null,
    governmentResponse: state.governmentResponse?.decision ?? null,
    respondedOn: state.governmentResponse?.respondedOn ?? null,
    responseEvidenceUrl: state.governmentResponse?.evidenceUrl ?? null,
    responseNote: state.governmentResponse?.note ?? null,
    rejectedAt: state.rejection?.decidedAt ?? null,
    fundingAmountPence: state.funding?.amountPence ?? null,
    fundingSource: state.funding?.fundingSource ?? null,
    fundingPeriodStart: state.funding?.periodStart ?? null,
    fundingPeriodEnd: state.funding?.periodEnd ?? null,
    fundedAt: state.funding?.fundedAt ?? null,
    pilotAreas: state.pilot?.areas.join(' ') ?? null,
    pilotStartDate: state.pilot?.startDate ?? null,
    pilotPlannedEndDate: state.pilot?.plannedEndDate ?? null,
    rolloutScope: state.rollout?.scope ?? null,
    rolloutAreas: state.rollout?.areas.join(' ') ?? null,
    rolloutDate: state.rollout?.rolloutDate ?? null,
    withdrawnAt: state.withdrawal?.decidedAt ?? null,
    withdrawalReason: state.withdrawal?.reason ?? null,
  };
}

export const REGISTER_FILE: DataFile<RegisterRow> = {
  name: 'register',
  title: 'The register of recommendations',
  description: 'One row per recommendation: where it comes from, its stage and each decision.',
  columns: columnsOf({
    id: 'the recommendation’s reference',
    title: 'what it recommends, in short',
    summary: 'what it recommends, in full, when given',
    sourceId: 'the source’s reference, when it names one',
    sourceName: 'the title of the review, report or response it comes from',
    sourceUrl: 'where that source is published',
    theme: 'the source’s theme it belongs to, when the source has themes',
    owner: 'the body that owns it, when named',
    stage: 'PROPOSED, ACCEPTED, REJECTED, FUNDED, PILOTED, ROLLED_OUT or WITHDRAWN',
    proposedAt: `when it was made (${INSTANT})`,
    stageChangedAt: `when it reached its stage (${INSTANT})`,
    acceptanceDecision: 'ACCEPTED_IN_FULL, ACCEPTED_IN_PART or ACCEPTED_IN_PRINCIPLE',
    acceptedAt: `when the government accepted it (${INSTANT})`,
    decisionReason: 'the reason recorded for accepting or rejecting it',
    governmentResponse:
      'the government’s latest response: ACCEPTED_IN_FULL, ACCEPTED_IN_PART, ACCEPTED_IN_PRINCIPLE, REJECTED, NOTED or UNDER_CONSIDERATION',
    respondedOn: `when the government responded (${DATE})`,
    responseEvidenceUrl: 'where the response is published',
    responseNote: 'the response in its own words, briefly',
    rejectedAt: `when the government rejected it (${INSTANT})`,
    fundingAmountPence: 'the funding, in pence, when the public record gives it',
    fundingSource: 'where the funding comes from',
    fundingPeriodStart: `the first day the funding covers (${DATE})`,
    fundingPeriodEnd: `the last day the funding covers (${DATE})`,
    fundedAt: `when it was funded (${INSTANT})`,
    pilotAreas: `the areas piloting it (${AREAS})`,
    pilotStartDate: `when the pilot started (${DATE})`,
    pilotPlannedEndDate: `when the pilot is planned to end (${DATE})`,
    rolloutScope: 'NATIONAL, or AREAS when rolled out in some areas',
    rolloutAreas: `the areas it is rolled out in (${AREAS})`,
    rolloutDate: `when it was rolled out (${DATE})`,
    withdrawnAt: `when it was withdrawn (${INSTANT})`,
    withdrawalReason: 'why it was withdrawn',
  }),
  csvCellsOf: (row) => row,
};

/** A row of the programmes file: one programme and its coverage. */
export type ProgrammeRow = ReturnType<typeof programmeRowOf>;

export function programmeRowOf(programme: ProgrammeState, { coverage }: ProgrammeRollup) {
  return {
    id: programme.id,
    name: programme.name,
    recommendations: programme.recommendations.join(' '),
    milestones: programme.milestones.map((milestone) => milestone.title).join('; '),
    areasEnrolled: coverage.enrolled,
    areasTotal: coverage.totalAreas,
    areasCompleted: coverage.completedAreas,
    percentComplete: coverage.percentComplete,
  };
}

export const PROGRAMMES_FILE: DataFile<ProgrammeRow> = {
  name: 'programmes',
  title: 'Programmes',
  description: 'One row per programme: what it delivers and how far it has reached.',
  columns: columnsOf({
    id: 'the programme’s reference',
    name: 'the programme’s name',
    recommendations: 'the recommendations it delivers, separated by spaces',
    milestones: 'the steps every area goes through, in order, separated by semicolons',
    areasEnrolled: 'how many local authorities are enrolled',
    areasTotal: 'how many local authorities there are',
    areasCompleted: 'how many enrolled local authorities have achieved every milestone',
    percentComplete: 'areasCompleted as a percentage of areasTotal',
  }),
  csvCellsOf: (row) => row,
};

/** A row of the programme facts file: one dated fact or national milestone of a programme. */
export type ProgrammeFactRow = ReturnType<typeof programmeFactRowsOf>[number];

/** A programme's facts, then its national milestones, each list oldest first. */
export function programmeFactRowsOf(
  programme: Pick<ProgrammeState, 'id' | 'name'>,
  facts: readonly ProgrammeFact[],
  nationalMilestones: readonly NationalMilestone[],
) {
  const of = { programmeId: programme.id, programmeName: programme.name };
  return [
    ...facts.map(({ number, on, precision, text, url }) => ({
      ...of,
      kind: 'FACT',
      reference: String(number),
      on,
      precision,
      text,
      url,
    })),
    ...nationalMilestones.map(({ key, on, precision, title, url }) => ({
      ...of,
      kind: 'NATIONAL_MILESTONE',
      reference: key,
      on,
      precision,
      text: title,
      url,
    })),
  ];
}

export const PROGRAMME_FACTS_FILE: DataFile<ProgrammeFactRow> = {
  name: 'programme-facts',
  title: 'Programme facts and national milestones',
  description:
    'One row per dated fact about a programme, or national milestone it reached, oldest first, with the page it was read at.',
  columns: columnsOf({
    programmeId: 'the programme’s reference',
    programmeName: 'the programme’s name',
    kind: 'FACT, or NATIONAL_MILESTONE for a milestone the programme reached nationally',
    reference: 'a fact’s number within its programme, or a national milestone’s key',
    on: `when it happened (${DATE}; the 1st when only the month or year is known)`,
    precision: 'DAY, MONTH or YEAR: how exactly the date is known',
    text: 'the fact, or the milestone’s title',
    url: 'where it was read',
  }),
  csvCellsOf: (row) => row,
};

const ROLLOUT_MEANINGS: Record<(typeof ROLLOUT_CSV_COLUMNS)[number], string> = {
  programmeId: 'the programme’s reference',
  programmeName: 'the programme’s name',
  areaCode: 'the local authority’s ONS GSS code',
  areaName: 'the local authority’s name',
  regionCode: 'the region’s ONS GSS code',
  regionName: 'the region’s name',
  stage: 'ENROLLED, IN_PROGRESS, COMPLETED or WITHDRAWN',
  pilot: 'true when the area was chosen for a pilot or pathfinder',
  wave: 'the pilot’s wave, when it came in waves',
  enrolledOn: `when the area was enrolled (${DATE})`,
  withdrawnOn: `when the area was withdrawn (${DATE})`,
  milestonesAchieved: 'how many of the programme’s milestones the area has achieved',
  milestonesTotal: 'how many milestones the programme has',
  lastMilestoneKey: 'the milestone the area achieved last',
  lastMilestoneAchievedOn: `when it achieved it (${DATE})`,
  rag: 'the status the area last reported: RED, AMBER or GREEN',
  statusPeriod: 'the period that status covers (two dates, YYYY-MM-DD/YYYY-MM-DD)',
  overdueCount: 'how many milestones are past their target date and not achieved',
  mostOverdueKey: 'the milestone most overdue',
  mostOverdueTargetDate: `its target date (${DATE})`,
  asOf: `the instant the figures are as of (${INSTANT})`,
};

export const AREA_ROLLOUTS_FILE: DataFile<RolloutRow> = {
  name: 'area-rollouts',
  title: 'Area rollouts',
  description: 'One row per programme and local authority enrolled in it.',
  columns: columnsOf(ROLLOUT_MEANINGS),
  csvCellsOf: (row) => row,
};

export const HISTORY_FILE: DataFile<PublicEntry> = {
  name: 'history',
  title: 'The public history',
  description: 'One row per recorded step, oldest first: everything the other files are made of.',
  columns: columnsOf({
    position: 'the step’s place in the order the tracker recorded everything',
    id: 'the step’s stable reference',
    recordedAt: `when the tracker recorded it (${INSTANT})`,
    occurredAt: `when it happened (${INSTANT})`,
    type: 'what kind of step it is, for example MilestoneAchieved',
    title: 'what happened, in words',
    recommendationId: 'the recommendation it is about, if any',
    programmeId: 'the programme it is about, if any',
    areaCode: 'the local authority it is about, if any (ONS GSS code)',
    actor: 'who did it: a role and an organisation, never a person',
    reason: 'why, as recorded',
    evidence: 'links to the evidence, separated by spaces',
    facts: 'the step’s facts, as JSON',
    page: 'the public page it belongs to',
  }),
  csvCellsOf: (entry) => ({
    ...entry,
    evidence: entry.evidence.join(' '),
    facts: JSON.stringify(entry.facts),
  }),
};

/** A row of the evaluations file: one published evaluation and what it found. */
export type EvaluationRow = ReturnType<typeof evaluationRowOf>;

export function evaluationRowOf(evaluation: Evaluation) {
  return {
    id: evaluation.id,
    subjectKind: evaluation.subject.kind,
    subjectId: evaluation.subject.id,
    publishedOn: evaluation.publishedOn,
    evaluator: evaluation.evaluator,
    finding: evaluation.finding,
    summary: evaluation.summary,
    url: evaluation.url,
  };
}

export const EVALUATIONS_FILE: DataFile<EvaluationRow> = {
  name: 'evaluations',
  title: 'Evaluation findings',
  description:
    'One row per published evaluation of a programme or recommendation, latest first: who evaluated it and what they found.',
  columns: columnsOf({
    id: 'the evaluation’s reference',
    subjectKind: 'PROGRAMME or RECOMMENDATION: what was evaluated',
    subjectId: 'the reference of the programme or recommendation evaluated',
    publishedOn: `when the evaluation was published (${DATE})`,
    evaluator: 'who carried out the evaluation',
    finding: 'POSITIVE, NO_EFFECT, NEGATIVE or MIXED',
    summary: 'what it found, in a few sentences',
    url: 'where the evaluation, or a report of it, is published',
  }),
  csvCellsOf: (row) => row,
};

/** The files, in the order the data dictionary lists them. */
export const OPEN_DATA_FILES = [
  REGISTER_FILE,
  PROGRAMMES_FILE,
  PROGRAMME_FACTS_FILE,
  AREA_ROLLOUTS_FILE,
  EVALUATIONS_FILE,
  HISTORY_FILE,
];
