import type { RecordedEvent } from '@app/event-store';
import { boardChangesOf, type StageAfter } from './board-changes';

let position = 0;
/** An event as the history holds it, happened on `on` and recorded the next morning. */
function stored(
  streamId: string,
  version: number,
  type: string,
  data: Record<string, unknown>,
  on: string,
  reason: string | null = null,
): RecordedEvent {
  position += 1;
  return {
    eventId: `e${position}`,
    streamId,
    version,
    position,
    type,
    data,
    metadata: {
      occurredAt: `${on}T10:00:00.000Z`,
      reason,
      evidence: ['https://example.gov.uk/evidence'],
    },
    recordedAt: `${on}T11:00:00.000Z`,
  };
}

/** Given each recommendation's stream of stages: the stage after its first `version` events. */
const stagesOf =
  (streams: Record<string, string[]>): StageAfter =>
  (id, version) =>
    version === 0 ? null : streams[id][version - 1];

const LAMBETH = 'E09000022';

describe("the board's changes between two dates", () => {
  it('lists a stage change from its earlier stage, with the stages skipped and the reason', () => {
    const changes = boardChangesOf(
      [
        stored(
          'recommendation-CSC-1',
          3,
          'RecommendationRolledOut',
          {
            scope: 'NATIONAL',
            areas: [],
            rolloutDate: '2024-04-01',
            skippedStages: ['FUNDED', 'PILOTED'],
          },
          '2024-04-01',
          'Rolled out in the 2024 statutory guidance',
        ),
        stored('recommendation-CSC-2', 1, 'RecommendationProposed', { id: 'CSC-2' }, '2024-04-02'),
      ],
      stagesOf({ 'CSC-1': ['PROPOSED', 'ACCEPTED', 'ROLLED_OUT'], 'CSC-2': ['PROPOSED'] }),
    );
    expect(changes.stageChanges).toEqual([
      {
        recommendationId: 'CSC-1',
        from: 'ACCEPTED',
        to: 'ROLLED_OUT',
        skipped: ['FUNDED', 'PILOTED'],
        on: '2024-04-01',
        recordedAt: '2024-04-01T11:00:00.000Z',
        reason: 'Rolled out in the 2024 statutory guidance',
        evidence: ['https://example.gov.uk/evidence'],
      },
      expect.objectContaining({
        recommendationId: 'CSC-2',
        from: null,
        to: 'PROPOSED',
        skipped: [],
      }),
    ]);
  });

  it('lists government responses and evaluations by their type name, before their contexts exist', () => {
    const changes = boardChangesOf(
      [
        stored(
          'recommendation-CSC-1',
          2,
          'RecommendationResponseRecorded',
          {
            decision: 'ACCEPTED_IN_PRINCIPLE',
            respondedOn: '2023-02-02',
            evidenceUrl: 'https://www.gov.uk/government/consultations/stable-homes-built-on-love',
            note: null,
          },
          '2023-02-02',
        ),
        stored(
          'evaluation-swis-2023',
          1,
          'EvaluationPublished',
          {
            id: 'swis-2023',
            subject: { kind: 'PROGRAMME', id: 'social-workers-in-schools' },
            publishedOn: '2023-03-30',
            evaluator: "What Works for Children's Social Care",
            finding: 'NO_EFFECT',
            url: 'https://example.org/swis',
            summary: 'No effect on referrals',
          },
          '2023-03-30',
        ),
      ],
      stagesOf({ 'CSC-1': ['PROPOSED', 'PROPOSED'] }),
    );
    expect(changes.stageChanges).toEqual([]);
    expect(changes.responses).toEqual([
      expect.objectContaining({
        recommendationId: 'CSC-1',
        decision: 'ACCEPTED_IN_PRINCIPLE',
        respondedOn: '2023-02-02',
      }),
    ]);
    expect(changes.evaluations).toEqual([
      expect.objectContaining({
        evaluationId: 'swis-2023',
        subject: { kind: 'PROGRAMME', id: 'social-workers-in-schools' },
        finding: 'NO_EFFECT',
        publishedOn: '2023-03-30',
      }),
    ]);
  });

  it('lists the national milestones programmes reached, and not their other facts', () => {
    const url = 'https://www.gov.uk/government/publications/trailblazers';
    const changes = boardChangesOf(
      [
        stored(
          'programme-family-hubs-trailblazers',
          3,
          'NationalMilestoneReached',
          {
            key: 'trailblazers',
            title: 'Trailblazers selected',
            on: '2023-02-09',
            precision: 'DAY',
            url,
          },
          '2023-02-09',
        ),
        stored(
          'programme-family-hubs-trailblazers',
          4,
          'ProgrammeFactRecorded',
          { number: 1, on: '2023-02-09', precision: 'DAY', text: '14 selected', url },
          '2023-02-09',
        ),
      ],
      stagesOf({}),
    );
    expect(changes.nationalMilestones).toEqual([
      expect.objectContaining({
        programmeId: 'family-hubs-trailblazers',
        key: 'trailblazers',
        title: 'Trailblazers selected',
        reachedOn: '2023-02-09',
        url,
      }),
    ]);
  });

  it('lists milestones achieved, targets moved (not first set) and areas enrolled or withdrawn', () => {
    const area = `rollout-family-hubs.${LAMBETH}`;
    const changes = boardChangesOf(
      [
        stored(
          'programme-family-hubs',
          2,
          'MilestoneTargetSet',
          { milestoneKey: 'hub-open', targetDate: '2025-03-31', previousTargetDate: null },
          '2024-01-01',
        ),
        stored(
          'programme-family-hubs',
          3,
          'MilestoneTargetSet',
          { milestoneKey: 'hub-open', targetDate: '2025-06-30', previousTargetDate: '2025-03-31' },
          '2024-02-01',
          'Building works late',
        ),
        stored(
          area,
          1,
          'AreaEnrolled',
          { enrolledOn: '2024-01-15', pilot: true, wave: '1' },
          '2024-01-15',
        ),
        stored(
          area,
          2,
          'MilestoneAchieved',
          { milestoneKey: 'hub-open', achievedOn: '2024-03-01', note: null },
          '2024-03-01',
        ),
        stored(area, 3, 'StatusReported', { rag: 'GREEN' }, '2024-03-02'),
        stored(area, 4, 'AreaWithdrawn', { withdrawnOn: '2024-05-01' }, '2024-05-01', 'Left'),
      ],
      stagesOf({}),
    );
    expect(changes.targetsMoved).toEqual([
      expect.objectContaining({
        programmeId: 'family-hubs',
        areaCode: null,
        milestoneKey: 'hub-open',
        from: '2025-03-31',
        to: '2025-06-30',
        reason: 'Building works late',
      }),
    ]);
    expect(changes.areasEnrolled).toEqual([
      expect.objectContaining({ areaCode: LAMBETH, date: '2024-01-15', pilot: true }),
    ]);
    expect(changes.milestonesAchieved).toEqual([
      expect.objectContaining({
        areaCode: LAMBETH,
        milestoneKey: 'hub-open',
        achievedOn: '2024-03-01',
      }),
    ]);
    expect(changes.areasWithdrawn).toEqual([
      expect.objectContaining({ areaCode: LAMBETH, date: '2024-05-01', reason: 'Left' }),
    ]);
  });
});
