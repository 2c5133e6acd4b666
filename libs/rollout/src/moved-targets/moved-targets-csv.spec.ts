import { movedTargetsCsv } from './moved-targets-csv';
import type { MovedTargetEntry } from './moved-targets';

const entry: MovedTargetEntry = {
  programmeId: 'family-hubs',
  programmeName: 'Family Hubs',
  areaCode: 'E09000022',
  areaName: 'Lambeth',
  regionName: 'London',
  milestoneKey: 'hub-open',
  milestoneTitle: 'Hub open',
  originalTarget: '2025-03-31',
  currentTarget: '2025-07-31',
  daysSlipped: 122,
  moves: [
    {
      movedOn: '2024-11-02',
      recordedAt: '2024-11-02T09:00:00.000Z',
      from: '2025-03-31',
      to: '2025-06-30',
      days: 91,
      reason: 'Building works, late',
    },
    {
      movedOn: '2025-02-01',
      recordedAt: '2025-02-01T09:00:00.000Z',
      from: '2025-06-30',
      to: '2025-07-31',
      days: 31,
      reason: '=HYPERLINK("http://evil")',
    },
  ],
};

describe('the moved targets download', () => {
  it('has a row per move, each with its target, and reasons that a spreadsheet never runs', () => {
    const lines = movedTargetsCsv([entry]).split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFprogrammeId,programmeName,areaCode,areaName,regionName,milestoneKey,milestoneTitle,originalTarget,currentTarget,timesMoved,daysSlipped,move,movedOn,movedFrom,movedTo,daysMoved,reason',
    );
    expect(lines[1]).toBe(
      'family-hubs,Family Hubs,E09000022,Lambeth,London,hub-open,Hub open,2025-03-31,2025-07-31,2,122,1,2024-11-02,2025-03-31,2025-06-30,91,"Building works, late"',
    );
    expect(lines[2]).toContain(`,2025-07-31,31,"'=HYPERLINK(""http://evil"")"`);
    expect(lines).toHaveLength(4);
  });

  it('names a national target so', () => {
    const national = { ...entry, areaCode: null, areaName: null, regionName: null };
    expect(movedTargetsCsv([national]).split('\r\n')[1]).toMatch(
      /^family-hubs,Family Hubs,,National target,,hub-open,/,
    );
  });
});
