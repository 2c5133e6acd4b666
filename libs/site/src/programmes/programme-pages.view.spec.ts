import { hexGrid, shippedHexJson } from './hex-map';
import { programmeListRows, programmePage } from './programme-pages.view';
import { programme, rollup } from './testing-fixtures';

describe('programmeListRows', () => {
  it('gives each programme its coverage and a link on the same date', () => {
    expect(programmeListRows([{ programme, rollup }], '?validAt=2024-06-01')).toEqual([
      {
        name: 'Family hubs',
        href: '/programmes/hubs?validAt=2024-06-01',
        milestones: 2,
        enrolled: 3,
        totalAreas: 153,
        percentComplete: 50,
      },
    ]);
  });
});

describe('programmePage', () => {
  const page = programmePage(programme, rollup, hexGrid(shippedHexJson()), '?asOf=2024-06-02');

  it('adds up the regions to the coverage of England', () => {
    expect(page.regions).toHaveLength(9);
    expect(page.england).toEqual({
      name: 'England',
      totalAreas: 153,
      enrolled: page.coverage.enrolled,
      milestonesAchieved: 3,
      overdue: 1,
    });
    expect(page.regions.find((region) => region.name === 'London')).toEqual({
      name: 'London',
      totalAreas: 33,
      enrolled: 1,
      milestonesAchieved: 1,
      overdue: 0,
    });
  });

  it('lists every enrolled area, withdrawn ones too, with its status colour only', () => {
    expect(page.areas.map((area) => [area.name, area.stage, area.status])).toEqual([
      ['Blackpool', 'Enrolled, no milestone achieved yet', null],
      ['Kent', 'Withdrawn', null],
      ['Lambeth', 'In progress', 'Amber'],
      ['Manchester', 'Completed', null],
    ]);
    expect(page.areas[2]).toMatchObject({
      href: '/programmes/hubs/areas/E09000022?asOf=2024-06-02',
      regionName: 'London',
      milestonesAchieved: 1,
      milestones: 2,
      enrolledOn: '2023-02-01',
    });
    expect(JSON.stringify(page)).not.toContain('Recruitment is slow');
  });

  it('draws the map with links on the same date', () => {
    expect(page.map.svg).toContain('href="/programmes/hubs/areas/E09000022?asOf=2024-06-02"');
  });
});
