import { historyScopeOf, Role } from '@app/kernel';
import { programme, register, rollup } from '../programmes/testing-fixtures';
import {
  milestoneChoices,
  reportAreaPage,
  reportHome,
  reportHomeOfAreas,
  reportPath,
  statusChoices,
  uploadPath,
} from './report-pages.view';

const areaName = (code: string): string => register.get(code)?.name ?? code;
const progressOf = (code: string) => rollup.areas.find((area) => area.areaCode === code)!;
// Lambeth has achieved the plan; E06000009 (Blackpool) nothing: its plan is overdue on 1 June 2024.
const LAMBETH = 'E09000022';
const BLACKPOOL = 'E06000009';

describe("the officer's report home", () => {
  it('lists each programme with its stage, what is achieved, overdue and due, linked to the area', () => {
    const later = {
      ...programme,
      id: 'later',
      name: 'Later programme',
      milestones: [
        { key: 'plan', title: 'Plan agreed', description: null, targetDate: '2099-01-31' },
        { key: 'open', title: 'First hub open', description: null, targetDate: '2098-01-31' },
      ],
    };
    const blackpool = progressOf(BLACKPOOL);
    const rows = reportHome(BLACKPOOL, [
      { programme, progress: blackpool },
      {
        programme: later,
        progress: {
          ...blackpool,
          milestones: blackpool.milestones.map((milestone) => ({
            ...milestone,
            targetDate: later.milestones.find((m) => m.key === milestone.key)!.targetDate,
            overdue: false,
          })),
        },
      },
    ]);
    expect(rows).toEqual([
      {
        name: 'Family hubs',
        href: '/report/hubs/E06000009',
        stage: 'Enrolled, no milestone achieved yet',
        achieved: '0 of 2',
        overdue: [
          {
            title: 'Plan agreed',
            targetDate: '2024-01-31',
            // 122 days overdue on 1 June 2024.
            escalation: { text: 'Escalated: 90 days overdue', classes: 'govuk-tag--red' },
          },
        ],
        // A milestone without a target is neither due nor overdue.
        due: [],
      },
      expect.objectContaining({
        href: '/report/later/E06000009',
        overdue: [],
        due: [
          { title: 'First hub open', targetDate: '2098-01-31' },
          { title: 'Plan agreed', targetDate: '2099-01-31' },
        ],
      }),
    ]);
  });
});

const officer = historyScopeOf({
  id: 'l',
  name: 'Lou Lambeth',
  role: Role.LOCAL_AUTHORITY,
  organisation: LAMBETH,
});
const areaPage = (
  code: string,
  replacedBy: { areaCode: string; successors: string[]; effectiveFrom: string } | null = null,
) =>
  reportAreaPage(
    {
      programme,
      view: {
        programmeId: programme.id,
        progress: progressOf(code),
        version: 1,
        replacedBy,
        timeline: () => Promise.resolve([]),
      },
      events: [],
    },
    areaName,
    officer,
  );

describe("an area's report page", () => {
  it('is the area as signed-in readers see it, with the forms and the upload linked', () => {
    const page = areaPage(LAMBETH);
    expect(page.areaName).toBe('Lambeth');
    expect(page.programme).toEqual({ name: 'Family hubs', href: '/report/hubs/E09000022' });
    expect(page.commentary).toBe('Recruitment is slow');
    expect(page.status).toEqual({
      colour: 'Amber',
      periodStart: '2024-01-01',
      periodEnd: '2024-03-31',
    });
    expect(page.open).toBe(true);
    expect(page.toReport).toBe(1);
    expect(page.links).toEqual({
      milestone: '/report/hubs/E09000022/milestone',
      status: '/report/hubs/E09000022/status',
      upload: '/report/upload?programme=hubs',
    });
  });

  it('takes no reports once the area is withdrawn or replaced', () => {
    expect(areaPage('E10000016').open).toBe(false);
    const replaced = { areaCode: LAMBETH, successors: ['E06000063'], effectiveFrom: '2023-04-01' };
    expect(areaPage(LAMBETH, replaced).open).toBe(false);
  });
});

describe('the choices of the forms', () => {
  it('offers the milestones not yet achieved, with their targets, the one chosen checked', () => {
    expect(milestoneChoices(progressOf(BLACKPOOL), 'open')).toEqual([
      { value: 'plan', text: 'Plan agreed', targetDate: '2024-01-31', checked: false },
      { value: 'open', text: 'First hub open', targetDate: null, checked: true },
    ]);
    expect(milestoneChoices(progressOf(LAMBETH), '').map((choice) => choice.value)).toEqual([
      'open',
    ]);
  });

  it('offers the statuses in traffic-light order', () => {
    expect(statusChoices('AMBER')).toEqual([
      { value: 'RED', text: 'Red', checked: false },
      { value: 'AMBER', text: 'Amber', checked: true },
      { value: 'GREEN', text: 'Green', checked: false },
    ]);
  });

  it('builds the paths of the pages', () => {
    expect(reportPath('hubs', LAMBETH)).toBe('/report/hubs/E09000022');
    expect(uploadPath()).toBe('/report/upload');
  });
});

describe('the report home of an officer of several areas', () => {
  it("lists every area's programmes, each named with its area", () => {
    const area = (areaCode: string, areaName: string) => ({
      areaCode,
      areaName,
      enrolments: [{ programme, progress: progressOf(areaCode) }],
    });
    const one = reportHomeOfAreas([area(BLACKPOOL, 'Blackpool')]);
    expect(one.map((row) => row.name)).toEqual([programme.name]);
    const both = reportHomeOfAreas([area(BLACKPOOL, 'Blackpool'), area('E06000009', 'Blackburn')]);
    expect(both.map((row) => [row.name, row.href])).toEqual([
      [
        `${programme.name}: Blackpool`,
        reportHome(BLACKPOOL, area(BLACKPOOL, '').enrolments)[0].href,
      ],
      [`${programme.name}: Blackburn`, expect.stringContaining('E06000009')],
    ]);
  });
});
