import type { BoardChanges } from '@app/audit';
import { changesCsv, changesSectionsOf, type ChangeNames } from './changes.view';

const recorded = {
  on: '2024-04-01',
  recordedAt: '2024-04-02T09:00:00.000Z',
  reason: '=cmd',
  evidence: ['https://example.gov.uk/step'],
};

const changes: BoardChanges = {
  stageChanges: [
    {
      ...recorded,
      recommendationId: 'CSC-1',
      from: 'ACCEPTED',
      to: 'ROLLED_OUT',
      skipped: ['FUNDED', 'PILOTED'],
    },
  ],
  responses: [],
  milestonesAchieved: [],
  targetsMoved: [
    {
      ...recorded,
      programmeId: 'family-hubs',
      areaCode: 'E09000022',
      milestoneKey: 'hub-open',
      from: '2025-03-31',
      to: '2025-06-30',
    },
  ],
  areasEnrolled: [],
  areasWithdrawn: [],
  evaluations: [
    {
      ...recorded,
      evaluationId: 'swis',
      subject: { kind: 'PROGRAMME', id: 'family-hubs' },
      publishedOn: '2023-03-30',
      evaluator: 'WWCSC',
      finding: 'NO_EFFECT',
      url: 'https://example.org/swis',
      summary: 'No effect',
    },
  ],
  nationalMilestones: [
    {
      ...recorded,
      programmeId: 'family-hubs',
      key: 'trailblazers',
      title: 'Trailblazers selected',
      reachedOn: '2023-02-09',
      url: 'https://www.gov.uk/trailblazers',
    },
  ],
};

const names: ChangeNames = {
  areaName: (code) => (code === 'E09000022' ? 'Lambeth' : undefined),
  programmeName: (id) => (id === 'family-hubs' ? 'Family Hubs' : undefined),
  milestoneTitle: () => 'Hub open',
  recommendationTitle: (id) => (id === 'CSC-1' ? 'Stable homes' : undefined),
};

describe("the board's changes as the pages show them", () => {
  it('has every section in order, each item in words and linked to its page', () => {
    const sections = changesSectionsOf(changes, names);
    expect(sections.map((section) => [section.id, section.rows.length])).toEqual([
      ['stage-changes', 1],
      ['responses', 0],
      ['milestones-achieved', 0],
      ['targets-moved', 1],
      ['areas-enrolled', 0],
      ['areas-withdrawn', 0],
      ['evaluations', 1],
      ['national-milestones', 1],
    ]);
    expect(sections[7].rows[0]).toEqual([
      { text: 'Family Hubs', href: '/programmes/family-hubs' },
      { text: 'Trailblazers selected' },
      { text: '9 February 2023' },
      { text: 'Evidence for Trailblazers selected', href: 'https://www.gov.uk/trailblazers' },
    ]);
    expect(sections[0].rows[0]).toEqual([
      { text: 'CSC-1: Stable homes', href: '/register/CSC-1' },
      { text: 'Accepted' },
      { text: 'Rolled out' },
      { text: 'Funded, Piloted' },
      { text: '1 April 2024' },
      { text: '=cmd' },
    ]);
    expect(sections[3].rows[0].slice(0, 2)).toEqual([
      { text: 'Family Hubs', href: '/programmes/family-hubs' },
      { text: 'Lambeth', href: '/programmes/family-hubs/areas/E09000022' },
    ]);
    expect(sections[3].rows[0][5]).toEqual({ text: '91 days later' });
    expect(sections[6].rows[0][2]).toEqual({ text: 'No effect' });
  });

  it('downloads a row per change, reasons made inert for spreadsheets', () => {
    const lines = changesCsv(changes).split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFsection,date,recordedAt,recommendationId,programmeId,areaCode,milestoneKey,from,to,detail,reason,url',
    );
    expect(lines[1]).toBe(
      "stage-changes,2024-04-01,2024-04-02T09:00:00.000Z,CSC-1,,,,ACCEPTED,ROLLED_OUT,skipped FUNDED PILOTED,'=cmd,https://example.gov.uk/step",
    );
    expect(lines[2]).toMatch(
      /^targets-moved,2024-04-01,.*,family-hubs,E09000022,hub-open,2025-03-31,2025-06-30,91 days,/,
    );
    expect(lines[3]).toMatch(/^evaluations,2023-03-30,.*,NO_EFFECT,WWCSC: No effect,/);
    expect(lines[4]).toMatch(
      /^national-milestones,2023-02-09,[^,]*,,family-hubs,,,,,trailblazers: Trailblazers selected,'=cmd,https:\/\/www.gov.uk\/trailblazers$/,
    );
    expect(lines).toHaveLength(6);
  });
});
