import { subjectsOf } from '@app/audit';
import { FINDING_WORDS, type Finding } from '@app/evaluations';
import { formatPence } from '@app/funding';
import type { EventMetadata, RecordedEvent } from '@app/kernel';
import { SOURCE_STREAM_PREFIX } from '@app/sources';
import { stageList, type Stage } from '@app/recommendations';
import { publicActorOf, type AreaNameOf } from './public-actor';

/**
 * One step of the public history: what happened, in words and in facts, when, why, on what
 * evidence, and by which role and organisation. Left out of every event: the actor's name, id
 * and token, the command, correlation and causation ids, the command fingerprint, the event id,
 * and a status report's commentary (its colour stays).
 */
export interface PublicEntry {
  /** `<stream>/<version>`: stable across store migrations, which renumber positions. */
  id: string;
  position: number;
  type: string;
  title: string;
  recommendationId: string | null;
  programmeId: string | null;
  areaCode: string | null;
  /** The public page the step belongs to, if any. */
  page: string | null;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  reason: string | null;
  evidence: string[];
  facts: Record<string, unknown>;
}

/** The names a step's title is written with. */
export interface PublicDirectory {
  areaName: AreaNameOf;
  programmeName(programmeId: string): string | undefined;
  milestoneTitle(programmeId: string, milestoneKey: string): string | undefined;
}

/**
 * The facts of each public event type that the public sees. An event type not listed (a seal of
 * the audit trail, anything added later) is not public until it is listed here.
 */
export const PUBLIC_FACTS: Readonly<Record<string, readonly string[]>> = {
  RecommendationProposed: ['id', 'title', 'summary', 'sourceId', 'source', 'theme', 'owner'],
  RecommendationAccepted: ['decision', 'evidenceUrl'],
  RecommendationRejected: ['evidenceUrl'],
  RecommendationFunded: [
    'amountPence',
    'fundingSource',
    'periodStart',
    'periodEnd',
    'evidenceUrl',
    'skippedStages',
  ],
  RecommendationPilotStarted: [
    'areas',
    'startDate',
    'plannedEndDate',
    'evidenceUrl',
    'skippedStages',
  ],
  RecommendationRolledOut: ['scope', 'areas', 'rolloutDate', 'evidenceUrl', 'skippedStages'],
  RecommendationWithdrawn: ['evidenceUrl'],
  RecommendationResponseRecorded: ['decision', 'respondedOn', 'evidenceUrl', 'note'],
  RecommendationLinked: ['relation', 'otherId'],
  ProgrammeCreated: ['id', 'name', 'recommendations', 'milestones'],
  MilestoneTargetSet: ['milestoneKey', 'targetDate', 'previousTargetDate'],
  ProgrammeFactRecorded: ['number', 'on', 'precision', 'text', 'url'],
  ProgrammeFactCorrected: ['number', 'on', 'precision', 'text', 'url'],
  NationalMilestoneReached: ['key', 'title', 'on', 'precision', 'url'],
  NationalMilestoneCorrected: ['key', 'title', 'on', 'precision', 'url'],
  AreaEnrolled: ['enrolledOn', 'pilot', 'wave', 'inheritedFrom'],
  MilestoneAchieved: ['milestoneKey', 'achievedOn', 'note'],
  MilestoneAchievementCorrected: ['milestoneKey', 'achievedOn', 'previousAchievedOn'],
  MilestoneAchievementWithdrawn: ['milestoneKey', 'previousAchievedOn'],
  // Not `commentary`: it is written for signed-in readers.
  StatusReported: ['rag', 'periodStart', 'periodEnd'],
  AreaWithdrawn: ['withdrawnOn'],
  AreaSucceeded: ['areaCode', 'successors', 'effectiveFrom'],
  SourceAdded: ['id', 'kind', 'title', 'publisher', 'publishedOn', 'url', 'themes'],
  SourceCorrected: ['kind', 'title', 'publisher', 'publishedOn', 'url', 'themes'],
  EvaluationPublished: ['id', 'subject', 'publishedOn', 'evaluator', 'finding', 'url', 'summary'],
  EvaluationCorrected: ['publishedOn', 'evaluator', 'finding', 'url', 'summary'],
  GrantAllocated: [
    'allocationId',
    'areaCode',
    'amountPence',
    'periodStart',
    'periodEnd',
    'sourceUrl',
    'allocatedOn',
    'fundingSource',
    'grantName',
  ],
  GrantAllocationCorrected: [
    'allocationId',
    'amountPence',
    'periodStart',
    'periodEnd',
    'sourceUrl',
    'allocatedOn',
    'fundingSource',
    'grantName',
  ],
  GrantAllocationWithdrawn: ['allocationId'],
};

const DECISIONS: Record<string, string> = {
  ACCEPTED_IN_FULL: 'accepted in full',
  ACCEPTED_IN_PART: 'accepted in part',
  ACCEPTED_IN_PRINCIPLE: 'accepted in principle',
  REJECTED: 'rejected',
  NOTED: 'noted',
  UNDER_CONSIDERATION: 'under consideration',
};

const RELATIONS: Record<string, string> = {
  RESPONDS_TO: 'responds to',
  SUPERSEDES: 'supersedes',
  RELATED_TO: 'is related to',
};

/** ", skipping Funded and Piloted" when a step skipped stages the record does not show. */
const skipping = (facts: Record<string, unknown>): string => {
  const skipped = (facts.skippedStages as Stage[] | undefined) ?? [];
  return skipped.length ? `, skipping ${stageList(skipped)}` : '';
};

type Subjects = ReturnType<typeof subjectsOf>;

/** The step in words: "Recommendation CSC-X accepted in full", "Lambeth achieved 'Hub open'". */
function titleOf(
  type: string,
  facts: Record<string, unknown>,
  { recommendationId, programmeId, areaCode }: Subjects,
  directory: PublicDirectory,
  sourceId: string | null,
): string {
  const recommendation = `Recommendation ${recommendationId}`;
  const programme = directory.programmeName(programmeId ?? '') ?? programmeId;
  const area = (code: unknown): string => directory.areaName(String(code)) ?? String(code);
  const key = String(facts.milestoneKey);
  const milestone = `'${directory.milestoneTitle(programmeId ?? '', key) ?? key}'`;
  const here = area(areaCode);
  switch (type) {
    case 'RecommendationProposed':
      return `${recommendation} proposed`;
    case 'RecommendationAccepted':
      return `${recommendation} ${DECISIONS[String(facts.decision)] ?? 'accepted'}`;
    case 'RecommendationRejected':
      return `${recommendation} rejected`;
    case 'RecommendationFunded':
      return `${recommendation} funded${skipping(facts)}`;
    case 'RecommendationPilotStarted':
      return `${recommendation} piloted${skipping(facts)}`;
    case 'RecommendationRolledOut':
      return facts.scope === 'NATIONAL'
        ? `${recommendation} rolled out nationally${skipping(facts)}`
        : `${recommendation} rolled out in ${(facts.areas as unknown[]).length} areas${skipping(facts)}`;
    case 'RecommendationWithdrawn':
      return `${recommendation} withdrawn`;
    case 'RecommendationResponseRecorded':
      return `Government's response to ${recommendation}: ${DECISIONS[String(facts.decision)] ?? String(facts.decision)}`;
    case 'RecommendationLinked':
      return `${recommendation} ${RELATIONS[String(facts.relation)] ?? 'is linked to'} ${String(facts.otherId)}`;
    case 'ProgrammeCreated':
      return `Programme '${String(facts.name)}' created`;
    case 'MilestoneTargetSet':
      return areaCode
        ? `Target for ${milestone} set for ${here}`
        : `National target for ${milestone} set in ${programme}`;
    case 'ProgrammeFactRecorded':
      return `Fact about ${programme} recorded: ${String(facts.text)}`;
    case 'ProgrammeFactCorrected':
      return `Fact ${String(facts.number)} about ${programme} corrected`;
    case 'NationalMilestoneReached':
      return `${programme} reached '${String(facts.title)}' nationally`;
    case 'NationalMilestoneCorrected':
      return `National milestone '${String(facts.key)}' of ${programme} corrected`;
    case 'AreaEnrolled':
      return `${here} enrolled in ${programme}`;
    case 'MilestoneAchieved':
      return `${here} achieved ${milestone}`;
    case 'MilestoneAchievementCorrected':
      return `${here} corrected the date of ${milestone}`;
    case 'MilestoneAchievementWithdrawn':
      return `${here} withdrew ${milestone}`;
    case 'StatusReported':
      return `${here} reported its status as ${String(facts.rag).toLowerCase()} for ${programme}`;
    case 'AreaWithdrawn':
      return `${here} withdrawn from ${programme}`;
    case 'AreaSucceeded':
      return `${area(facts.areaCode)} replaced by ${(facts.successors as unknown[]).map(area).join(' and ')}`;
    case 'SourceAdded':
      return `Source '${String(facts.title)}' added`;
    case 'SourceCorrected':
      return `Source ${sourceId} corrected`;
    case 'EvaluationPublished':
      return `Evaluation by ${String(facts.evaluator)} published: ${(FINDING_WORDS[facts.finding as Finding] ?? String(facts.finding)).toLowerCase()}`;
    case 'EvaluationCorrected':
      return 'Evaluation corrected';
    case 'GrantAllocated':
      return `${area(facts.areaCode)} granted ${formatPence(Number(facts.amountPence))} for ${programme}`;
    case 'GrantAllocationCorrected':
      return `Grant ${String(facts.allocationId)} for ${programme} corrected`;
    case 'GrantAllocationWithdrawn':
      return `Grant ${String(facts.allocationId)} for ${programme} withdrawn`;
    default:
      return type;
  }
}

/** The source a stream is about: the audit trail's subjects do not name sources. */
const sourceOf = (streamId: string): string | null =>
  streamId.startsWith(SOURCE_STREAM_PREFIX) ? streamId.slice(SOURCE_STREAM_PREFIX.length) : null;

const pageOf = (
  { recommendationId, programmeId }: Subjects,
  sourceId: string | null,
): string | null =>
  recommendationId
    ? `/register/${recommendationId}`
    : programmeId
      ? `/programmes/${programmeId}`
      : sourceId
        ? `/sources/${sourceId}`
        : null;

const picked = (data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((key) => key in data).map((key) => [key, data[key]]));

/** A stored event as the public may see it, or null for an event that is not public at all. */
export function publicEntryOf(
  event: RecordedEvent,
  directory: PublicDirectory,
): PublicEntry | null {
  const keys = PUBLIC_FACTS[event.type];
  if (!keys) return null;
  const metadata = event.metadata as Partial<EventMetadata>;
  const subjects = subjectsOf(event.streamId);
  const facts = picked(event.data, keys);
  const sourceId = sourceOf(event.streamId);
  return {
    id: `${event.streamId}/${event.version}`,
    position: event.position,
    type: event.type,
    title: titleOf(event.type, facts, subjects, directory, sourceId),
    ...subjects,
    page: pageOf(subjects, sourceId),
    occurredAt: metadata.occurredAt ?? event.recordedAt,
    recordedAt: event.recordedAt,
    actor: publicActorOf(metadata.actor ?? { role: 'unknown' }, directory.areaName),
    reason: metadata.reason ?? null,
    evidence: metadata.evidence ?? [],
    facts,
  };
}
