import { timeSliceOf, type RecordedEvent } from '@app/kernel';
import { areaRolloutStream, AreaRolloutEvent, Rag } from './area-rollout';
import { areaRolloutFolder, inSlice } from './recorded';
import { LAMBETH, PROGRAMME_ID } from '../testing/scenario';

const STREAM = areaRolloutStream(PROGRAMME_ID, LAMBETH);
let position = 0;
/** An event as stored: recorded at one instant, about a business date. */
const at = (recordedAt: string, occurredAt: string, event: AreaRolloutEvent): RecordedEvent => ({
  eventId: `e${++position}`,
  streamId: STREAM,
  version: position,
  position,
  type: event.type,
  data: event.data,
  metadata: { occurredAt: `${occurredAt}T00:00:00.000Z`, evidence: [] },
  recordedAt: `${recordedAt}T12:00:00.000Z`,
});

/** A scripted timeline with a back-dated status and corrections to earlier and later dates. */
const timeline: RecordedEvent[] = [
  at('2024-01-10', '2023-09-01', {
    type: 'AreaEnrolled',
    data: { enrolledOn: '2023-09-01', pilot: false, wave: null },
  }),
  at('2024-02-01', '2024-01-20', {
    type: 'MilestoneAchieved',
    data: { milestoneKey: 'schools-recruited', achievedOn: '2024-01-20', note: null },
  }),
  at('2024-03-05', '2024-03-05', {
    type: 'StatusReported',
    data: {
      rag: Rag.RED,
      commentary: 'Back-dated return',
      periodStart: '2023-10-01',
      periodEnd: '2023-12-31',
    },
  }),
  at('2024-04-01', '2023-12-15', {
    type: 'MilestoneAchievementCorrected',
    data: {
      milestoneKey: 'schools-recruited',
      achievedOn: '2023-12-15',
      previousAchievedOn: '2024-01-20',
    },
  }),
  at('2024-05-01', '2024-04-20', {
    type: 'MilestoneAchieved',
    data: { milestoneKey: 'social-workers-in-post', achievedOn: '2024-04-20', note: null },
  }),
  at('2024-06-01', '2024-05-10', {
    type: 'MilestoneAchievementCorrected',
    data: {
      milestoneKey: 'social-workers-in-post',
      achievedOn: '2024-05-10',
      previousAchievedOn: '2024-04-20',
    },
  }),
  at('2024-07-01', '2024-07-01', {
    type: 'MilestoneAchieved',
    data: { milestoneKey: 'trial-data-returned', achievedOn: '2024-06-30', note: null },
  }),
  at('2024-08-01', '2024-08-01', {
    type: 'MilestoneAchievementWithdrawn',
    data: { milestoneKey: 'trial-data-returned', previousAchievedOn: '2024-06-30' },
  }),
];

const achievedIn = (asOf: string | null, validAt: string | null): Record<string, string> => {
  const state = areaRolloutFolder(STREAM)(inSlice(timeline, timeSliceOf(asOf, validAt)));
  return Object.fromEntries(
    Object.entries(state?.achievements ?? {}).map(([key, a]) => [key, a.achievedOn]),
  );
};
const statusIn = (asOf: string | null, validAt: string | null) =>
  areaRolloutFolder(STREAM)(inSlice(timeline, timeSliceOf(asOf, validAt)))?.status?.rag ?? null;

describe('an area rollout on both time axes', () => {
  it('asOf: what the system had recorded then, whatever the business dates', () => {
    expect(achievedIn('2024-01-31', null)).toEqual({});
    expect(achievedIn('2024-03-01', null)).toEqual({ 'schools-recruited': '2024-01-20' });
    expect(achievedIn('2024-04-02', null)).toEqual({ 'schools-recruited': '2023-12-15' });
    expect(areaRolloutFolder(STREAM)(inSlice(timeline, timeSliceOf('2024-01-01')))).toBeNull();
  });

  it('validAt: the world on a date as known now; a later correction changes earlier dates', () => {
    expect(achievedIn(null, '2024-01-01')).toEqual({ 'schools-recruited': '2023-12-15' });
    expect(statusIn(null, '2024-01-01')).toBe(Rag.RED);
    expect(achievedIn(null, '2024-04-30')).toEqual({ 'schools-recruited': '2023-12-15' });
    expect(achievedIn(null, '2024-05-10')).toEqual({
      'schools-recruited': '2023-12-15',
      'social-workers-in-post': '2024-05-10',
    });
    expect(
      areaRolloutFolder(STREAM)(inSlice(timeline, timeSliceOf(null, '2023-08-31'))),
    ).toBeNull();
  });

  it('both: what we believed on 1 March about 1 January; corrections recorded later do not change it', () => {
    expect(achievedIn('2024-03-01', '2024-01-01')).toEqual({});
    expect(statusIn('2024-03-01', '2024-01-01')).toBeNull();
    expect(achievedIn('2024-03-31', '2024-01-01')).toEqual({});
    expect(achievedIn('2024-04-02', '2024-01-01')).toEqual({ 'schools-recruited': '2023-12-15' });
    expect(achievedIn('2024-05-15', '2024-04-30')).toEqual({
      'schools-recruited': '2023-12-15',
      'social-workers-in-post': '2024-04-20',
    });
  });

  it('a withdrawn achievement never happened, as known after the withdrawal', () => {
    expect(achievedIn('2024-07-15', '2024-07-01')).toHaveProperty(
      'trial-data-returned',
      '2024-06-30',
    );
    expect(achievedIn(null, '2024-07-01')).not.toHaveProperty('trial-data-returned');
  });
});
