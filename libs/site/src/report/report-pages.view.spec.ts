import { programme, register, rollup } from '../programmes/testing-fixtures';
import {
  milestoneChoices,
  reportAreaPage,
  reportHome,
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
        overdue: [{ title: 'Plan agreed', targetDate: '2024-01-31' }],
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

describe("an area's report page", () => {
  it('is the public view of the area with the commentary, the forms and the upload linked', () => {
    const page = reportAreaPage(programme, progressOf(LAMBETH), null, [], areaName);
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
    expect(reportAreaPage(programme, progressOf('E10000016'), null, [], areaName).open).toBe(false);
    const replaced = { successors: ['E06000063'], effectiveFrom: '2023-04-01' };
    expect(reportAreaPage(programme, progressOf(LAMBETH), replaced, [], areaName).open).toBe(false);
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
