import type { EventStore, NewEvent } from '@app/event-store';
import { LocalAuthorityRegister } from '@app/areas';
import { seededRandom } from '@app/kernel';

const MILESTONES = 20;
const MONTHS = 120;
const FIRST_YEAR = 2016;

export interface GeneratedHistory {
  events: number;
  programmes: string[];
  recommendations: string[];
  streams: number;
}

/** The 153 local authorities' ONS codes, from the shipped register. */
const areaCodes = (): string[] => LocalAuthorityRegister.shipped().all.map((area) => area.areaCode);

const monthStart = (month: number): string =>
  `${FIRST_YEAR + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01`;
const monthEnd = (month: number): string => {
  const next = new Date(`${monthStart(month + 1)}T00:00:00Z`);
  return new Date(next.getTime() - 86_400_000).toISOString().slice(0, 10);
};

const board = { id: 'bench-board', name: 'Bench Board', role: 'BOARD_MEMBER', organisation: null };
const officer = (areaCode: string) => ({
  id: `bench-${areaCode}`,
  name: `Officer ${areaCode}`,
  role: 'LOCAL_AUTHORITY',
  organisation: areaCode,
});

let commandCounter = 0;
function event(
  type: string,
  data: object,
  actor: object,
  occurredOn: string,
  reason: string | null = null,
): NewEvent {
  const commandId = `bench-${++commandCounter}`;
  return {
    type,
    data: data as Record<string, unknown>,
    metadata: {
      actor,
      occurredAt: `${occurredOn}T00:00:00.000Z`,
      reason,
      evidence: type === 'MilestoneAchieved' ? [`https://example.org/evidence/${commandId}`] : [],
      commandId,
      correlationId: commandId,
      causationId: null,
    },
  };
}

/** Recommendations through their whole lifecycle, a step every few months. */
function recommendationEvents(id: string, next: () => number): NewEvent[] {
  const start = Math.floor(next() * 24);
  const on = (step: number) => monthStart(start + step * 6);
  return [
    event(
      'RecommendationProposed',
      {
        id,
        title: `Generated recommendation ${id}`,
        summary: null,
        source: { name: 'Generated', url: null },
        theme: 'Implementation',
        owner: null,
      },
      board,
      on(0),
    ),
    event('RecommendationAccepted', { decision: 'ACCEPTED_IN_FULL' }, board, on(1), 'Accepted'),
    event(
      'RecommendationFunded',
      { amountPence: 1_000_000_00, fundingSource: 'DfE', periodStart: on(2), periodEnd: on(8) },
      board,
      on(2),
    ),
    event(
      'RecommendationPilotStarted',
      { areas: [], startDate: on(3), plannedEndDate: null },
      board,
      on(3),
    ),
    event(
      'RecommendationRolledOut',
      { scope: 'NATIONAL', areas: [], rolloutDate: on(5) },
      board,
      on(5),
    ),
  ];
}

/**
 * A reproducible history of realistic shape: programmes of 20 milestones with national targets,
 * each enrolled in all 153 areas, every area reporting a RAG status every month for ten years
 * and achieving its milestones over them, with some corrections and moved targets; events are
 * written month by month, so streams interleave in the global order as they would in life.
 */
export async function generateHistory(
  store: EventStore,
  options: { events: number; seed?: number; onProgress?: (events: number) => void },
): Promise<GeneratedHistory> {
  const next = seededRandom(options.seed ?? 20261123);
  const areas = areaCodes();
  const perProgramme = areas.length * (MONTHS + MILESTONES + 3) + 2 * MILESTONES;
  const programmeCount = Math.max(1, Math.round(options.events / perProgramme));
  let events = 0;
  const append = async (streamId: string, batch: NewEvent[]): Promise<void> => {
    if (batch.length === 0) return;
    await store.append(streamId, batch, 'any');
    events += batch.length;
  };

  const recommendations = Array.from(
    { length: 50 },
    (_, i) => `GEN-${String(i + 1).padStart(3, '0')}`,
  );
  await Promise.all(
    recommendations.map((id) => append(`recommendation-${id}`, recommendationEvents(id, next))),
  );

  const programmes = Array.from(
    { length: programmeCount },
    (_, i) => `generated-${String(i + 1).padStart(3, '0')}`,
  );
  const milestoneKeys = Array.from(
    { length: MILESTONES },
    (_, i) => `m${String(i + 1).padStart(2, '0')}`,
  );
  for (const id of programmes) {
    await append(`programme-${id}`, [
      event(
        'ProgrammeCreated',
        {
          id,
          name: `Generated programme ${id}`,
          recommendations: [recommendations[0]],
          milestones: milestoneKeys.map((key) => ({
            key,
            title: `Milestone ${key}`,
            description: null,
          })),
        },
        board,
        monthStart(0),
      ),
      ...milestoneKeys.map((key, i) =>
        event(
          'MilestoneTargetSet',
          { milestoneKey: key, targetDate: monthEnd(6 * (i + 1)), previousTargetDate: null },
          board,
          monthStart(0),
        ),
      ),
    ]);
  }

  // Each area's plan: the month each milestone is achieved (some never within the ten years).
  const plans = new Map<string, (number | null)[]>();
  for (const programme of programmes) {
    for (const area of areas) {
      let month = Math.floor(next() * 6);
      plans.set(
        `${programme}.${area}`,
        milestoneKeys.map(() => {
          month += 1 + Math.floor(next() * 8);
          return month < MONTHS ? month : null;
        }),
      );
    }
  }
  for (let month = 0; month < MONTHS && events < options.events; month++) {
    await Promise.all(
      [...plans].map(([key, plan]) => {
        const area = key.slice(key.lastIndexOf('.') + 1);
        const batch: NewEvent[] = [];
        if (month === 0)
          batch.push(
            event(
              'AreaEnrolled',
              { enrolledOn: monthStart(0), pilot: false, wave: null },
              board,
              monthStart(0),
            ),
          );
        plan.forEach((achievedIn, index) => {
          if (achievedIn !== month) return;
          const achievedOn = monthStart(month);
          batch.push(
            event(
              'MilestoneAchieved',
              { milestoneKey: milestoneKeys[index], achievedOn, note: null },
              officer(area),
              achievedOn,
            ),
          );
          if (next() < 0.03) {
            const corrected = monthEnd(month);
            batch.push(
              event(
                'MilestoneAchievementCorrected',
                {
                  milestoneKey: milestoneKeys[index],
                  achievedOn: corrected,
                  previousAchievedOn: achievedOn,
                },
                officer(area),
                corrected,
                'Date of the signed record',
              ),
            );
          }
        });
        if (next() < 0.01) {
          const key = milestoneKeys[Math.floor(next() * MILESTONES)];
          batch.push(
            event(
              'MilestoneTargetSet',
              { milestoneKey: key, targetDate: monthEnd(month + 12), previousTargetDate: null },
              board,
              monthStart(month),
              'Moved by the board',
            ),
          );
        }
        const rag = next() < 0.7 ? 'GREEN' : next() < 0.7 ? 'AMBER' : 'RED';
        batch.push(
          event(
            'StatusReported',
            {
              rag,
              commentary: `Monthly return: ${rag.toLowerCase()}`,
              periodStart: monthStart(month),
              periodEnd: monthEnd(month),
            },
            officer(area),
            monthEnd(month),
          ),
        );
        return append(`rollout-${key}`, batch);
      }),
    );
    options.onProgress?.(events);
  }
  return {
    events,
    programmes,
    recommendations,
    streams: recommendations.length + programmes.length + plans.size,
  };
}
