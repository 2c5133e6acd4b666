import { movedTargetRowOf, shiftWords } from './moved-targets.view';

describe('the moved targets page', () => {
  it('says how far a target moved in words', () => {
    expect([shiftWords(61), shiftWords(1), shiftWords(-30), shiftWords(0)]).toEqual([
      '61 days later',
      '1 day later',
      '30 days earlier',
      'no change',
    ]);
  });

  it("links an area's target to the area's page, on the page's date, and names a national one", () => {
    const entry = {
      programmeId: 'family-hubs',
      programmeName: 'Family Hubs',
      areaCode: 'E09000022',
      areaName: 'Lambeth',
      regionName: 'London',
      milestoneKey: 'hub-open',
      milestoneTitle: 'Hub open',
      originalTarget: '2025-03-31',
      currentTarget: '2025-06-30',
      daysSlipped: 91,
      moves: [
        {
          movedOn: '2024-11-02',
          recordedAt: '2024-11-02T09:00:00.000Z',
          from: '2025-03-31',
          to: '2025-06-30',
          days: 91,
          reason: 'Works late',
        },
      ],
    };
    expect(movedTargetRowOf(entry, '?validAt=2025-01-01')).toMatchObject({
      areaName: 'Lambeth',
      areaHref: '/programmes/family-hubs/areas/E09000022?validAt=2025-01-01',
      timesMoved: 1,
      slipped: '91 days later',
      moves: [{ shift: '91 days later', reason: 'Works late' }],
    });
    expect(movedTargetRowOf({ ...entry, areaCode: null, areaName: null }, '')).toMatchObject({
      areaName: 'National target',
      areaHref: null,
    });
  });
});
