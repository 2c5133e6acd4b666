import type { RecordedEvent } from '@app/event-store';
import { isoDate, type EventMetadata } from '@app/kernel';
import { isMove, type MilestoneTargetSet } from '@app/rollout';
import { subjectsOf } from '../history/stream-subjects';

/**
 * What changed between two dates, for the board's meetings: read from the history by event
 * type name, so that types recorded by other contexts (evaluations, government responses) are
 * listed as soon as they are stored.
 */

/** The steps of a recommendation's lifecycle: each may change its stage. */
export const STAGE_EVENT_TYPES = [
  'RecommendationProposed',
  'RecommendationAccepted',
  'RecommendationRejected',
  'RecommendationFunded',
  'RecommendationPilotStarted',
  'RecommendationRolledOut',
  'RecommendationWithdrawn',
] as const;

/** Every type the board's changes are read from. */
export const BOARD_CHANGE_TYPES: readonly string[] = [
  ...STAGE_EVENT_TYPES,
  'RecommendationResponseRecorded',
  'MilestoneAchieved',
  'MilestoneTargetSet',
  'AreaEnrolled',
  'AreaWithdrawn',
  'EvaluationPublished',
  'NationalMilestoneReached',
];

/** When and why: the parts of a change's envelope the board sees. */
export interface Recorded {
  /** The business date (England's) it happened on. */
  on: string;
  recordedAt: string;
  reason: string | null;
  evidence: string[];
}

export interface StageChange extends Recorded {
  recommendationId: string;
  /** Null for a recommendation proposed (it had no stage before). */
  from: string | null;
  to: string;
  skipped: string[];
}
export interface ResponseRecorded extends Recorded {
  recommendationId: string;
  decision: string;
  respondedOn: string;
  evidenceUrl: string | null;
  note: string | null;
}
export interface MilestoneAchievedChange extends Recorded {
  programmeId: string;
  areaCode: string;
  milestoneKey: string;
  achievedOn: string;
}
export interface TargetMovedChange extends Recorded {
  programmeId: string;
  /** Null: the programme's national target. */
  areaCode: string | null;
  milestoneKey: string;
  from: string;
  to: string;
}
export interface AreaChange extends Recorded {
  programmeId: string;
  areaCode: string;
  /** When the area was enrolled or withdrawn. */
  date: string;
  pilot: boolean;
}
export interface EvaluationChange extends Recorded {
  evaluationId: string;
  subject: { kind: string; id: string };
  publishedOn: string;
  evaluator: string;
  finding: string;
  url: string | null;
  summary: string | null;
}

export interface NationalMilestoneChange extends Recorded {
  programmeId: string;
  key: string;
  title: string;
  reachedOn: string;
  url: string | null;
}

export interface BoardChanges {
  stageChanges: StageChange[];
  responses: ResponseRecorded[];
  milestonesAchieved: MilestoneAchievedChange[];
  targetsMoved: TargetMovedChange[];
  areasEnrolled: AreaChange[];
  areasWithdrawn: AreaChange[];
  evaluations: EvaluationChange[];
  nationalMilestones: NationalMilestoneChange[];
}

/**
 * A recommendation's stage after the first `version` events of its stream (null before its
 * first): the recommendations context's fold, handed in.
 */
export type StageAfter = (recommendationId: string, version: number) => string | null;

type Data = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function recordedOf(event: RecordedEvent): Recorded {
  const metadata = event.metadata as Partial<EventMetadata>;
  return {
    on: isoDate(new Date(metadata.occurredAt ?? event.recordedAt)),
    recordedAt: event.recordedAt,
    reason: metadata.reason ?? null,
    evidence: metadata.evidence ?? [],
  };
}

const isStageEvent = (type: string): boolean =>
  (STAGE_EVENT_TYPES as readonly string[]).includes(type);

/** No changes: every section empty. */
export const noBoardChanges = (): BoardChanges => ({
  stageChanges: [],
  responses: [],
  milestonesAchieved: [],
  targetsMoved: [],
  areasEnrolled: [],
  areasWithdrawn: [],
  evaluations: [],
  nationalMilestones: [],
});

/**
 * The board's changes among `events` (those between the two dates, in the order recorded): a
 * step that left the stage as it was is no stage change, a target set for the first time is no
 * move. Pure.
 */
export function boardChangesOf(
  events: readonly RecordedEvent[],
  stageAfter: StageAfter,
): BoardChanges {
  const changes = noBoardChanges();
  for (const event of events) {
    const data = event.data as Data;
    const { recommendationId, programmeId, areaCode } = subjectsOf(event.streamId);
    const recorded = recordedOf(event);
    if (recommendationId && isStageEvent(event.type)) {
      const from = stageAfter(recommendationId, event.version - 1);
      const to = stageAfter(recommendationId, event.version);
      if (to && to !== from) {
        const skipped = Array.isArray(data.skippedStages) ? data.skippedStages.map(String) : [];
        changes.stageChanges.push({ ...recorded, recommendationId, from, to, skipped });
      }
    } else if (recommendationId && event.type === 'RecommendationResponseRecorded') {
      changes.responses.push({
        ...recorded,
        recommendationId,
        decision: String(data.decision),
        respondedOn: String(data.respondedOn),
        evidenceUrl: text(data.evidenceUrl),
        note: text(data.note),
      });
    } else if (programmeId && areaCode && event.type === 'MilestoneAchieved') {
      changes.milestonesAchieved.push({
        ...recorded,
        programmeId,
        areaCode,
        milestoneKey: String(data.milestoneKey),
        achievedOn: String(data.achievedOn),
      });
    } else if (programmeId && event.type === 'MilestoneTargetSet') {
      const target = { type: event.type, data } as MilestoneTargetSet;
      if (isMove(target)) {
        const { milestoneKey, previousTargetDate, targetDate } = target.data;
        const from = previousTargetDate!;
        changes.targetsMoved.push({
          ...recorded,
          programmeId,
          areaCode,
          milestoneKey,
          from,
          to: targetDate,
        });
      }
    } else if (programmeId && areaCode && event.type === 'AreaEnrolled') {
      const date = String(data.enrolledOn);
      changes.areasEnrolled.push({ ...recorded, programmeId, areaCode, date, pilot: !!data.pilot });
    } else if (programmeId && areaCode && event.type === 'AreaWithdrawn') {
      const date = String(data.withdrawnOn);
      changes.areasWithdrawn.push({ ...recorded, programmeId, areaCode, date, pilot: false });
    } else if (programmeId && event.type === 'NationalMilestoneReached') {
      changes.nationalMilestones.push({
        ...recorded,
        programmeId,
        key: String(data.key),
        title: String(data.title),
        reachedOn: String(data.on),
        url: text(data.url),
      });
    } else if (event.type === 'EvaluationPublished') {
      const subject = (data.subject ?? {}) as Data;
      changes.evaluations.push({
        ...recorded,
        evaluationId: String(data.id),
        subject: { kind: String(subject.kind), id: String(subject.id) },
        publishedOn: String(data.publishedOn),
        evaluator: String(data.evaluator),
        finding: String(data.finding),
        url: text(data.url),
        summary: text(data.summary),
      });
    }
  }
  return changes;
}
