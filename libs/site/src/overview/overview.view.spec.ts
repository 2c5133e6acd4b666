import { Role, type RecordedEvent } from '@app/kernel';
import { Stage } from '@app/recommendations';
import { rollUp } from '@app/rollout';
import { programme, recorded, register, rollout, rollup } from '../programmes/testing-fixtures';
import type { PublicDirectory } from '../public-view/public-entry';
import {
  changeRows,
  coverageRows,
  daysBefore,
  lateByRegion,
  mostOverdue,
  stageRows,
} from './overview.view';

/** A second programme: three areas late with its plan, Lambeth by less (a later target). */
const trial = { ...programme, id: 'trial', name: 'A trial' };
const trialRollup = rollUp(
  trial,
  [
    rollout('E06000009', { programmeId: 'trial' }),
    rollout('E08000003', { programmeId: 'trial' }),
    rollout('E09000022', { programmeId: 'trial', targets: { plan: '2024-05-01' } }),
  ],
  new Map(),
  register,
  '2024-06-01',
);
const both = [
  { programme, rollup },
  { programme: trial, rollup: trialRollup },
];

describe('daysBefore', () => {
  it('counts calendar days back, across months, years and the clocks going forward', () => {
    expect(daysBefore('2026-12-05', 28)).toBe('2026-11-07');
    expect(daysBefore('2026-01-10', 28)).toBe('2025-12-13');
    expect(daysBefore('2026-04-10', 28)).toBe('2026-03-13');
  });
});

describe('stageRows', () => {
  it('counts every stage in the order of the lifecycle, linking the register on the same date', () => {
    const { rows, total } = stageRows(
      [
        { stage: Stage.FUNDED, count: 4 },
        { stage: Stage.PROPOSED, count: 2 },
      ],
      'validAt=2024-06-01',
    );
    expect(rows.map((row) => [row.stage.text, row.count])).toEqual([
      ['Proposed', 2],
      ['Accepted', 0],
      ['Funded', 4],
      ['Piloted', 0],
      ['Rolled out', 0],
      ['Rejected', 0],
      ['Withdrawn', 0],
    ]);
    expect(rows[2].href).toBe('/register?stage=FUNDED&validAt=2024-06-01');
    expect(total).toBe(6);
    expect(stageRows([], '').rows[0].href).toBe('/register?stage=PROPOSED');
  });
});

describe('coverageRows', () => {
  it('gives each programme its reach and what is overdue, linking its signed-in page', () => {
    expect(coverageRows(both, 'asOf=2024-06-01', true)).toEqual([
      {
        name: 'Family hubs',
        href: '/overview/programmes/hubs?asOf=2024-06-01',
        milestones: 2,
        enrolled: 3,
        totalAreas: 153,
        completedAreas: 1,
        percentComplete: 50,
        overdue: 1,
      },
      expect.objectContaining({ name: 'A trial', enrolled: 3, completedAreas: 0, overdue: 3 }),
    ]);
  });

  it('links nothing for a reader who may not open the programme pages', () => {
    expect(coverageRows(both, '', false).map((row) => row.href)).toEqual([null, null]);
  });
});

describe('lateByRegion', () => {
  it('lists each programme and region with overdue milestones, the most first', () => {
    expect(lateByRegion(both, '', true)).toEqual([
      {
        programme: 'A trial',
        href: '/overview/programmes/trial',
        region: 'North West',
        enrolled: 2,
        overdue: 2,
      },
      expect.objectContaining({ programme: 'A trial', region: 'London', overdue: 1 }),
      expect.objectContaining({ programme: 'Family hubs', region: 'North West', overdue: 1 }),
    ]);
    expect(lateByRegion(both, '', false)[0].href).toBeNull();
  });
});

describe('mostOverdue', () => {
  it('lists the longest overdue first, linking the area on the same date', () => {
    const { count, rows } = mostOverdue(both, 'validAt=2024-06-01', true);
    expect(count).toBe(4);
    expect(rows.map((row) => [row.programme, row.area, row.daysOverdue])).toEqual([
      ['Family hubs', 'Blackpool', 122],
      ['A trial', 'Blackpool', 122],
      ['A trial', 'Manchester', 122],
      ['A trial', 'Lambeth', 31],
    ]);
    expect(rows[3]).toEqual({
      area: 'Lambeth',
      href: '/overview/programmes/trial/areas/E09000022?validAt=2024-06-01',
      region: 'London',
      programme: 'A trial',
      milestone: 'Plan agreed',
      targetDate: '1 May 2024',
      daysOverdue: 31,
      escalation: { text: 'Escalated: 30 days overdue', classes: 'govuk-tag--yellow' },
    });
    expect(rows[0].escalation).toEqual({
      text: 'Escalated: 90 days overdue',
      classes: 'govuk-tag--red',
    });
  });

  it('lists ten at most, and counts them all', () => {
    const many = Array.from({ length: 4 }, () => ({ programme: trial, rollup: trialRollup }));
    const { count, rows } = mostOverdue(many, '', false);
    expect([count, rows.length]).toEqual([12, 10]);
    expect(rows.every((row) => row.href === null)).toBe(true);
  });
});

describe('changeRows', () => {
  const directory: PublicDirectory = {
    areaName: (code) => register.get(code)?.name,
    programmeName: (id) => (id === 'hubs' ? 'Family hubs' : undefined),
    milestoneTitle: (id, key) => programme.milestones.find((m) => m.key === key)?.title,
  };
  const achieved = recorded(
    {
      type: 'MilestoneAchieved',
      data: { milestoneKey: 'plan', achievedOn: '2023-06-01', note: null },
    },
    { reason: 'Signed off by the board' },
  );
  const proposed: RecordedEvent = {
    ...achieved,
    streamId: 'recommendation-CSC-1',
    type: 'RecommendationProposed',
    data: { id: 'CSC-1', title: 'Family help' },
    metadata: {
      ...achieved.metadata,
      actor: { id: 'b1', name: 'Sam Board', role: Role.BOARD_MEMBER, organisation: null },
      reason: null,
    },
    recordedAt: '2023-06-02T13:05:00.000Z',
  };

  it('says what changed, when, who by name, and why, linking the page it is about', () => {
    expect(changeRows([achieved, proposed], directory, { areaCodes: null }, true)).toEqual([
      {
        what: "Lambeth achieved 'Plan agreed'",
        href: '/overview/programmes/hubs/areas/E09000022',
        happened: '1 June 2023',
        recorded: '10am on 2 June 2023',
        by: 'Priya Shah (Lambeth, local authority officer)',
        why: 'Signed off by the board',
      },
      {
        what: 'Recommendation CSC-1 proposed',
        href: '/register/CSC-1',
        happened: '1 June 2023',
        recorded: '2:05pm on 2 June 2023',
        by: 'Sam Board (National Implementation Board)',
        why: null,
      },
    ]);
  });

  it('links no programme page for a reader who may not open one', () => {
    const [row] = changeRows([achieved], directory, { areaCodes: ['E09000022'] }, false);
    expect(row.href).toBeNull();
    expect(row.by).toBe('Priya Shah (Lambeth, local authority officer)');
  });
});
