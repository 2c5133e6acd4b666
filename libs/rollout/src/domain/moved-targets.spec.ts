import { byMostSlipped, movedTargetsOf, type TargetSetFact } from './moved-targets';

const LAMBETH = 'E09000022';

/** Given a target set on a day, for a reason: the fact the register reads. */
function targetSet(
  milestoneKey: string,
  targetDate: string,
  previousTargetDate: string | null,
  on: string,
  reason: string | null,
  areaCode: string | null = null,
): TargetSetFact {
  return {
    programmeId: 'family-hubs',
    areaCode,
    event: { type: 'MilestoneTargetSet', data: { milestoneKey, targetDate, previousTargetDate } },
    occurredAt: `${on}T09:00:00.000Z`,
    recordedAt: `${on}T09:00:01.000Z`,
    reason,
  };
}

describe('moved targets', () => {
  it('leaves out targets set once and never moved', () => {
    expect(movedTargetsOf([targetSet('hub-open', '2025-03-31', null, '2024-01-10', null)])).toEqual(
      [],
    );
  });

  it('lists a national target moved twice: original, current, each move and the days slipped', () => {
    const [moved] = movedTargetsOf([
      targetSet('hub-open', '2025-03-31', null, '2024-01-10', null),
      targetSet('hub-open', '2025-06-30', '2025-03-31', '2024-11-02', 'Building works late'),
      targetSet('hub-open', '2025-05-31', '2025-06-30', '2025-01-15', 'Works finished early'),
    ]);
    expect(moved).toEqual({
      programmeId: 'family-hubs',
      areaCode: null,
      milestoneKey: 'hub-open',
      originalTarget: '2025-03-31',
      currentTarget: '2025-05-31',
      daysSlipped: 61,
      moves: [
        {
          movedOn: '2024-11-02',
          recordedAt: '2024-11-02T09:00:01.000Z',
          from: '2025-03-31',
          to: '2025-06-30',
          days: 91,
          reason: 'Building works late',
        },
        {
          movedOn: '2025-01-15',
          recordedAt: '2025-01-15T09:00:01.000Z',
          from: '2025-06-30',
          to: '2025-05-31',
          days: -30,
          reason: 'Works finished early',
        },
      ],
    });
  });

  it("counts an area's first target as a move from the national target it replaces", () => {
    const [moved] = movedTargetsOf([
      targetSet('hub-open', '2025-03-31', null, '2024-01-10', null),
      targetSet('hub-open', '2025-02-28', '2025-03-31', '2024-02-01', 'Ready early', LAMBETH),
    ]);
    expect(moved).toMatchObject({
      areaCode: LAMBETH,
      originalTarget: '2025-03-31',
      currentTarget: '2025-02-28',
      daysSlipped: -31,
      moves: [{ from: '2025-03-31', to: '2025-02-28', days: -31, reason: 'Ready early' }],
    });
  });

  it('keeps each milestone and area apart, and lists the most slipped first', () => {
    const moved = movedTargetsOf([
      targetSet('hub-open', '2025-03-31', null, '2024-01-10', null),
      targetSet('staff', '2025-01-31', null, '2024-01-10', null),
      targetSet('staff', '2025-02-10', '2025-01-31', '2024-06-01', 'Recruitment slow'),
      targetSet('hub-open', '2025-09-30', '2025-03-31', '2024-06-01', 'Site lost', LAMBETH),
    ]).sort(byMostSlipped);
    expect(
      moved.map((target) => [target.milestoneKey, target.areaCode, target.daysSlipped]),
    ).toEqual([
      ['hub-open', LAMBETH, 183],
      ['staff', null, 10],
    ]);
  });

  it('shows no reason where the reader may not see why', () => {
    const [moved] = movedTargetsOf([
      targetSet('hub-open', '2025-03-31', null, '2024-01-10', null),
      targetSet('hub-open', '2025-04-30', '2025-03-31', '2024-02-01', null),
    ]);
    expect(moved.moves[0].reason).toBeNull();
  });
});
