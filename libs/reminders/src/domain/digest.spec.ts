import { Role } from '@app/kernel';
import {
  type AreaFacts,
  contentHash,
  digestFor,
  milestonesIn,
  type ProgrammeFacts,
  type Recipient,
} from './digest';
import { digestMail } from './digest-mail';
import { periodOf } from './period';

const TODAY = '2026-12-05';

const milestone = (key: string, targetDate: string | null, achievedOn: string | null = null) => ({
  key,
  title: `Milestone ${key}`,
  targetDate,
  achievedOn,
  overdue: !achievedOn && targetDate !== null && targetDate < TODAY,
});

/** An area's progress as the roll-up gives it, its overdue list derived as the roll-up does. */
function area(
  areaCode: string,
  areaName: string,
  regionName: string,
  milestones: ReturnType<typeof milestone>[],
  withdrawnOn: string | null = null,
): AreaFacts {
  const open = withdrawnOn ? [] : milestones;
  return {
    areaCode,
    areaName,
    regionName,
    withdrawnOn,
    milestones: open.length ? milestones : milestones.map((m) => ({ ...m, overdue: false })),
    overdue: open
      .filter((m) => m.overdue)
      .map((m) => ({
        key: m.key,
        title: m.title,
        targetDate: m.targetDate!,
        daysOverdue: Math.round((Date.parse(TODAY) - Date.parse(m.targetDate!)) / 86_400_000),
      })),
  };
}

const PROGRAMMES: ProgrammeFacts[] = [
  {
    programme: { id: 'family-help', name: 'Family help' },
    areas: [
      area('E09000022', 'Lambeth', 'London', [
        milestone('hub', '2026-09-01'), // 95 days overdue
        milestone('plan', '2026-12-20'), // due in 15 days
        milestone('later', '2027-02-01'), // beyond 30 days
        milestone('done', '2026-10-01', '2026-09-30'),
      ]),
      area('E09000028', 'Southwark', 'London', [
        milestone('hub', '2026-10-06'), // 60 days overdue
        milestone('plan', '2027-01-04'), // due in 30 days: included
      ]),
      area('E08000025', 'Birmingham', 'West Midlands', [milestone('hub', '2026-11-20')]),
      area('E06000001', 'Hartlepool', 'North East', [milestone('hub', '2026-08-01')], '2026-07-01'),
    ],
  },
  {
    programme: { id: 'kinship', name: 'Kinship care' },
    areas: [
      area('E09000022', 'Lambeth', 'London', [milestone('train', '2026-11-05')]), // 30 days
    ],
  },
];

const officer: Recipient = {
  id: 'a1',
  name: 'Jo Bloggs',
  email: 'jo@lambeth.gov.uk',
  role: Role.LOCAL_AUTHORITY,
  areaCodes: ['E09000022', 'E09000028'],
};
const board: Recipient = {
  ...officer,
  id: 'b1',
  name: 'Sam Chair',
  role: Role.BOARD_MEMBER,
  areaCodes: [],
};

describe("a person's digest", () => {
  it("gives an officer of two areas both areas' overdue milestones and those due within 30 days", () => {
    const digest = digestFor(officer, PROGRAMMES, TODAY);
    expect(digest).toEqual({
      kind: 'OFFICER',
      areas: ['Lambeth', 'Southwark'],
      overdue: [
        expect.objectContaining({
          area: 'Lambeth',
          milestone: 'Milestone hub',
          daysOverdue: 95,
          escalation: 3,
        }),
        expect.objectContaining({
          area: 'Southwark',
          milestone: 'Milestone hub',
          daysOverdue: 60,
          escalation: 2,
        }),
        expect.objectContaining({
          programme: 'Kinship care',
          area: 'Lambeth',
          daysOverdue: 30,
          escalation: 1,
        }),
      ],
      dueSoon: [
        expect.objectContaining({
          area: 'Lambeth',
          milestone: 'Milestone plan',
          targetDate: '2026-12-20',
          daysOverdue: 0,
        }),
        expect.objectContaining({
          area: 'Southwark',
          milestone: 'Milestone plan',
          targetDate: '2027-01-04',
        }),
      ],
    });
  });

  it('gives an officer of one area nothing of the other areas', () => {
    const digest = digestFor({ ...officer, areaCodes: ['E09000028'] }, PROGRAMMES, TODAY);
    expect(digest).toMatchObject({ kind: 'OFFICER', areas: ['Southwark'] });
    expect(milestonesIn(digest!)).toBe(2);
  });

  it('leaves out a withdrawn area', () => {
    const digest = digestFor({ ...officer, areaCodes: ['E06000001'] }, PROGRAMMES, TODAY);
    expect(milestonesIn(digest!)).toBe(0);
  });

  it('gives a board member every overdue milestone by programme and region', () => {
    const digest = digestFor(board, PROGRAMMES, TODAY);
    expect(digest).toEqual({
      kind: 'BOARD',
      groups: [
        {
          programme: 'Family help',
          region: 'London',
          milestones: [
            expect.objectContaining({ area: 'Lambeth', daysOverdue: 95 }),
            expect.objectContaining({ area: 'Southwark', daysOverdue: 60 }),
          ],
        },
        {
          programme: 'Family help',
          region: 'West Midlands',
          milestones: [
            expect.objectContaining({ area: 'Birmingham', daysOverdue: 15, escalation: 0 }),
          ],
        },
        {
          programme: 'Kinship care',
          region: 'London',
          milestones: [expect.objectContaining({ area: 'Lambeth', daysOverdue: 30 })],
        },
      ],
    });
  });

  it('gives auditors and admins no digest', () => {
    expect(digestFor({ ...board, role: Role.AUDITOR }, PROGRAMMES, TODAY)).toBeNull();
    expect(digestFor({ ...board, role: Role.ADMIN }, PROGRAMMES, TODAY)).toBeNull();
  });

  it('hashes the content, whatever order the roll-ups came in, and differs when it differs', () => {
    const digest = digestFor(board, PROGRAMMES, TODAY)!;
    const reordered = digestFor(board, [...PROGRAMMES].reverse(), TODAY)!;
    expect(contentHash('2026-W49', reordered)).toBe(contentHash('2026-W49', digest));
    expect(contentHash('2026-W49', digest)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash('2026-W50', digest)).not.toBe(contentHash('2026-W49', digest));
    const fewer = digestFor(board, PROGRAMMES.slice(0, 1), TODAY)!;
    expect(contentHash('2026-W49', fewer)).not.toBe(contentHash('2026-W49', digest));
  });
});

describe("a digest's mail", () => {
  const links = {
    page: 'https://tracker.example/report',
    preferences: 'https://tracker.example/account/reminders',
    unsubscribe: 'https://tracker.example/unsubscribe/a1.mac',
  };
  const period = periodOf('WEEKLY', new Date(`${TODAY}T09:00:00Z`));

  it('says whom it is for, each milestone with its programme, area, date, days overdue and escalation, and the links', () => {
    const { subject, text } = digestMail(
      officer,
      'WEEKLY',
      period,
      digestFor(officer, PROGRAMMES, TODAY)!,
      links,
    );
    expect(subject).toBe(
      'Reform Tracker digest for the week of 30 November 2026: 5 milestones for Lambeth and Southwark',
    );
    expect(text).toBe(
      [
        'Dear Jo Bloggs,',
        '',
        'Your weekly digest from Reform Tracker for the week of 30 November 2026: 5 milestones for Lambeth and Southwark.',
        '',
        'Overdue (3):',
        '- Family help, Lambeth: Milestone hub. Due 1 September 2026, 95 days overdue. Escalated: 90 days overdue (escalation level 3).',
        '- Family help, Southwark: Milestone hub. Due 6 October 2026, 60 days overdue. Escalated: 60 days overdue (escalation level 2).',
        '- Kinship care, Lambeth: Milestone train. Due 5 November 2026, 30 days overdue. Escalated: 30 days overdue (escalation level 1).',
        '',
        'Due in the next 30 days (2):',
        '- Family help, Lambeth: Milestone plan. Due 20 December 2026.',
        '- Family help, Southwark: Milestone plan. Due 4 January 2027.',
        '',
        'See them and report progress: https://tracker.example/report',
        '',
        'You get this digest every week. To get it weekly, monthly or not at all: https://tracker.example/account/reminders',
        'To stop these digests now: https://tracker.example/unsubscribe/a1.mac',
        '',
      ].join('\n'),
    );
  });

  it("lists a board member's overdue milestones under programme and region", () => {
    const monthly = periodOf('MONTHLY', new Date(`${TODAY}T09:00:00Z`));
    const { subject, text } = digestMail(
      board,
      'MONTHLY',
      monthly,
      digestFor(board, PROGRAMMES, TODAY)!,
      { ...links, page: 'https://tracker.example/overview' },
    );
    expect(subject).toBe(
      'Reform Tracker digest for December 2026: 4 overdue milestones by programme and region',
    );
    expect(text).toContain(
      [
        'Family help, West Midlands (1 overdue):',
        '- Birmingham: Milestone hub. Due 20 November 2026, 15 days overdue. Not escalated yet.',
      ].join('\n'),
    );
    expect(text).toContain('See what is late on the overview: https://tracker.example/overview');
    expect(text).toContain('You get this digest every month.');
  });
});
