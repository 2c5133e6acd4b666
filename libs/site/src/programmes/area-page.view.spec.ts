import { Rag, type AreaRolloutEvent } from '@app/rollout';
import { areaPage, timelineStep, whatHappened } from './area-page.view';
import { publicActorOf } from '../public-view/public-actor';
import { officer, programme, recorded, register, rollup } from './testing-fixtures';

const name = (code: string): string => register.get(code)?.name ?? code;
describe('whatHappened', () => {
  it.each<[AreaRolloutEvent, string]>([
    [
      { type: 'AreaEnrolled', data: { enrolledOn: '2023-02-01', pilot: true, wave: '1' } },
      'Enrolled as a pilot in wave 1',
    ],
    [
      {
        type: 'AreaEnrolled',
        data: { enrolledOn: '2023-04-01', pilot: false, wave: null, inheritedFrom: 'E10000006' },
      },
      'Enrolled, carrying on the enrolment of Cumbria',
    ],
    [
      {
        type: 'MilestoneAchieved',
        data: { milestoneKey: 'plan', achievedOn: '2023-06-01', note: 'Signed by the DCS' },
      },
      'Plan agreed: achieved on 1 June 2023. Signed by the DCS',
    ],
    [
      {
        type: 'MilestoneAchievementCorrected',
        data: { milestoneKey: 'plan', achievedOn: '2023-05-30', previousAchievedOn: '2023-06-01' },
      },
      'Plan agreed: date achieved corrected to 30 May 2023 (was 1 June 2023)',
    ],
    [
      {
        type: 'MilestoneAchievementWithdrawn',
        data: { milestoneKey: 'open', previousAchievedOn: '2023-06-01' },
      },
      'First hub open: no longer recorded as achieved (had been recorded on 1 June 2023)',
    ],
    [
      {
        type: 'MilestoneTargetSet',
        data: { milestoneKey: 'open', targetDate: '2024-03-31', previousTargetDate: null },
      },
      'First hub open: target set for 31 March 2024',
    ],
    [
      { type: 'AreaWithdrawn', data: { withdrawnOn: '2024-02-01' } },
      'Withdrawn from the programme on 1 February 2024',
    ],
  ])('says what happened: %#', (event, words) => {
    expect(whatHappened(event, programme, name)).toBe(words);
  });

  it('gives a status report its colour and period, never its commentary', () => {
    const words = whatHappened(
      {
        type: 'StatusReported',
        data: {
          rag: Rag.RED,
          commentary: 'The lead officer is off sick',
          periodStart: '2024-01-01',
          periodEnd: '2024-03-31',
        },
      },
      programme,
      name,
    );
    expect(words).toBe('Status reported as red for 1 January 2024 to 31 March 2024');
  });
});

describe('timelineStep', () => {
  const achieved: AreaRolloutEvent = {
    type: 'MilestoneAchieved',
    data: { milestoneKey: 'plan', achievedOn: '2023-06-01', note: null },
  };

  it('names who did it by role and organisation, never by name or token', () => {
    const step = timelineStep(
      recorded(achieved, {
        reason: 'Agreed at the board',
        evidence: ['https://example.org/plan.pdf', 'javascript:alert(1)'],
      }),
      programme,
      'E09000022',
      name,
    );
    expect(step).toEqual({
      title: 'Plan agreed: achieved on 1 June 2023',
      date: '1 June 2023',
      by: publicActorOf(officer),
      reason: 'Agreed at the board',
      evidence: ['https://example.org/plan.pdf'],
    });
    expect(JSON.stringify(step)).not.toMatch(/Priya|token-7f3a/);
  });

  it('names the former area of an event the area carries from it', () => {
    const step = timelineStep(recorded(achieved, {}, 'E10000006'), programme, 'E06000063', name);
    expect(step.title).toBe('Cumbria: Plan agreed: achieved on 1 June 2023');
  });
});

describe('areaPage', () => {
  const lambeth = rollup.areas.find((area) => area.areaCode === 'E09000022')!;
  const page = areaPage(
    programme,
    lambeth,
    null,
    [
      recorded({
        type: 'AreaEnrolled',
        data: { enrolledOn: '2023-02-01', pilot: false, wave: null },
      }),
    ],
    name,
    '?validAt=2024-06-01',
  );

  it('shows where the area stands with its status colour, never the commentary', () => {
    expect(page).toMatchObject({
      programme: { name: 'Family hubs', href: '/programmes/hubs?validAt=2024-06-01' },
      areaName: 'Lambeth',
      regionName: 'London',
      stage: 'In progress',
      status: { colour: 'Amber', periodStart: '2024-01-01', periodEnd: '2024-03-31' },
      milestones: [
        {
          title: 'Plan agreed',
          targetDate: '2024-01-31',
          achievedOn: '2023-06-01',
          overdue: false,
        },
        { title: 'First hub open', targetDate: null, achievedOn: null, overdue: false },
      ],
      steps: [{ title: 'Enrolled', date: '1 June 2023' }],
    });
    expect(JSON.stringify(page)).not.toContain('Recruitment is slow');
  });
});
