import { parse } from 'csv-parse/sync';
import { Rag } from '../domain/area-rollout';
import type { ProgrammeState } from '../domain/programme';
import { AreaProgress, AreaStage } from '../domain/roll-up';
import { inertText } from '@app/kernel';
import { ROLLOUT_CSV_COLUMNS, rolloutCsv } from './rollout-csv';

const programme: ProgrammeState = {
  id: 'hubs',
  name: 'Family hubs, "trailblazers"',
  recommendations: ['CSC-FAMILY-HELP'],
  milestones: [
    { key: 'plan', title: 'Plan', description: null, targetDate: '2024-01-01' },
    { key: 'open', title: 'Open', description: null, targetDate: '2024-06-01' },
  ],
  version: 1,
  facts: [],
  nationalMilestones: [],
  createdAt: '2023-01-01T00:00:00.000Z',
};

const area: AreaProgress = {
  areaCode: 'E06000023',
  areaName: 'Bristol, City of',
  regionCode: 'E12000009',
  regionName: 'South West',
  stage: AreaStage.IN_PROGRESS,
  pilot: true,
  wave: '=cmd|" /C calc"!A0',
  enrolledOn: '2023-02-01',
  withdrawnOn: null,
  milestones: [],
  milestonesAchieved: 1,
  lastMilestone: { key: 'plan', achievedOn: '2023-12-01' },
  status: { rag: Rag.AMBER, commentary: 'ok', periodStart: '2024-04-01', periodEnd: '2024-06-30' },
  overdue: [
    { key: 'open', title: 'Open', targetDate: '2024-06-01', daysOverdue: 30 },
    { key: 'other', title: 'Other', targetDate: '2024-01-01', daysOverdue: 182 },
  ],
  inheritedFrom: [],
};

describe('rollout CSV', () => {
  it('writes one header row and one row per area, every row stamped with the export instant', () => {
    const csv = rolloutCsv(programme, [area], '2024-07-01T09:30:00.000Z');
    // As every export: a byte order mark, so Excel reads UTF-8, and CRLF line ends.
    expect(csv.startsWith('\uFEFFprogrammeId,')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(3);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, row, ...rest] = parse(csv, { bom: true });
    expect(rest).toEqual([]);
    expect(header).toEqual([...ROLLOUT_CSV_COLUMNS]);
    expect(Object.fromEntries(header.map((column, i) => [column, row[i]]))).toEqual({
      programmeId: 'hubs',
      programmeName: 'Family hubs, "trailblazers"',
      areaCode: 'E06000023',
      areaName: 'Bristol, City of',
      regionCode: 'E12000009',
      regionName: 'South West',
      stage: 'IN_PROGRESS',
      pilot: 'true',
      wave: '\'=cmd|" /C calc"!A0',
      enrolledOn: '2023-02-01',
      withdrawnOn: '',
      milestonesAchieved: '1',
      milestonesTotal: '0',
      lastMilestoneKey: 'plan',
      lastMilestoneAchievedOn: '2023-12-01',
      rag: 'AMBER',
      statusPeriod: '2024-04-01/2024-06-30',
      overdueCount: '2',
      mostOverdueKey: 'other',
      mostOverdueTargetDate: '2024-01-01',
      asOf: '2024-07-01T09:30:00.000Z',
    });
  });

  it('defuses text a spreadsheet would run as a formula, and only that', () => {
    expect(
      ['=1+1', '+44 20', '-2', '@SUM(A1)', '\tx', 'Lambeth', '2024-01-01'].map(inertText),
    ).toEqual(["'=1+1", "'+44 20", "'-2", "'@SUM(A1)", "'\tx", 'Lambeth', '2024-01-01']);
  });
});
