import { Rag } from '@app/rollout';
import { hexGrid, shippedHexJson } from '../programmes/hex-map';
import { programme, recorded, register, rollup } from '../programmes/testing-fixtures';
import { signedInAreaPage, signedInProgrammePage } from './programme-pages.view';

const name = (code: string): string => register.get(code)?.name ?? code;

describe('signedInProgrammePage', () => {
  const page = signedInProgrammePage(
    programme,
    rollup,
    hexGrid(shippedHexJson()),
    '?validAt=2024-06-01',
  );

  it('shows each area with its status commentary and what is overdue', () => {
    expect(
      page.areas.map((area) => [area.name, area.status, area.commentary, area.overdue]),
    ).toEqual([
      ['Blackpool', null, null, 1],
      ['Kent', null, null, 0],
      ['Lambeth', 'Amber', 'Recruitment is slow', 0],
      ['Manchester', null, null, 0],
    ]);
  });

  it('links the signed-in pages, on the same date, from the table and the map', () => {
    const lambeth = '/overview/programmes/hubs/areas/E09000022?validAt=2024-06-01';
    expect(page.areas[2].href).toBe(lambeth);
    expect(page.map.svg).toContain(`href="${lambeth}"`);
    expect(page.map.svg).not.toContain('href="/programmes/');
  });
});

describe('signedInAreaPage', () => {
  const lambeth = rollup.areas.find((area) => area.areaCode === 'E09000022')!;
  const events = [
    recorded(
      { type: 'AreaEnrolled', data: { enrolledOn: '2023-02-01', pilot: false, wave: null } },
      { actor: { id: 'b1', name: 'Sam Board', role: 'BOARD_MEMBER', organisation: null } },
    ),
    recorded(
      {
        type: 'StatusReported',
        data: {
          rag: Rag.AMBER,
          commentary: 'Recruitment is slow',
          periodStart: '2024-01-01',
          periodEnd: '2024-03-31',
        },
      },
      { reason: 'Quarterly return' },
    ),
  ];
  const view = {
    programmeId: 'hubs',
    progress: lambeth,
    version: 2,
    replacedBy: null,
    timeline: () => Promise.resolve(events),
  };
  const page = signedInAreaPage({ programme, view, events }, name, '?asOf=2024-06-01', {
    areaCodes: null,
  });

  it('links back to the signed-in programme page and shows the status with its commentary', () => {
    expect(page.programme).toEqual({
      name: 'Family hubs',
      href: '/overview/programmes/hubs?asOf=2024-06-01',
    });
    expect(page.status).toEqual({
      colour: 'Amber',
      periodStart: '2024-01-01',
      periodEnd: '2024-03-31',
    });
    expect(page.commentary).toBe('Recruitment is slow');
  });

  it('names who took each step, when it was recorded, and the commentary of a status report', () => {
    expect(page.steps).toEqual([
      {
        title: 'Enrolled',
        date: '1 June 2023',
        by: 'Sam Board (National Implementation Board)',
        recorded: '10am on 2 June 2023',
        reason: null,
        evidence: [],
        commentary: null,
      },
      {
        title: 'Status reported as amber for 1 January 2024 to 31 March 2024',
        date: '1 June 2023',
        by: 'Priya Shah (Lambeth, local authority officer)',
        recorded: '10am on 2 June 2023',
        reason: 'Quarterly return',
        evidence: [],
        commentary: 'Recruitment is slow',
      },
    ]);
  });
});
