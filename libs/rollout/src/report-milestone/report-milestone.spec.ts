import { ErrorCode } from '@app/kernel';
import {
  achieved,
  actors,
  CUMBRIA,
  enrolled,
  givenArea,
  LAMBETH,
  refusal,
  SOUTHWARK,
} from '../testing/scenario';

const report = (milestoneKey = 'schools-recruited', achievedOn = '2021-03-01') =>
  ({ kind: 'ReportMilestone', milestoneKey, achievedOn, note: 'All 12 schools' }) as const;

describe('report a milestone', () => {
  it('given an enrolled area, when its own local authority reports, then the milestone is achieved', () => {
    expect(givenArea(LAMBETH, enrolled()).when(report(), { actor: actors.lambeth }).then()).toEqual(
      [
        {
          type: 'MilestoneAchieved',
          data: {
            milestoneKey: 'schools-recruited',
            achievedOn: '2021-03-01',
            note: 'All 12 schools',
          },
        },
      ],
    );
  });

  it('a local authority may not report for another area, and an auditor for none: FORBIDDEN', () => {
    expect(
      refusal(() =>
        givenArea(SOUTHWARK, enrolled()).when(report(), { actor: actors.lambeth }).then(),
      ),
    ).toMatchObject({ code: ErrorCode.FORBIDDEN, details: { field: 'areaCode' } });
    expect(
      refusal(() => givenArea(LAMBETH, enrolled()).when(report(), { actor: actors.auditor }).then())
        .code,
    ).toBe(ErrorCode.FORBIDDEN);
  });

  it('refuses an unknown milestone, a future date, an area not enrolled and a withdrawn one', () => {
    expect(
      refusal(() => givenArea(LAMBETH, enrolled()).when(report('nope')).then()).details,
    ).toEqual({
      field: 'milestoneKey',
      rule: 'knownMilestone',
    });
    expect(
      refusal(() => givenArea(LAMBETH, enrolled()).when(report(undefined, '2025-06-02')).then())
        .details,
    ).toEqual({ field: 'achievedOn', rule: 'notInFuture' });
    expect(refusal(() => givenArea(LAMBETH).when(report()).then()).code).toBe(ErrorCode.NOT_FOUND);
    const withdrawn = { type: 'AreaWithdrawn', data: { withdrawnOn: '2022-01-01' } } as const;
    expect(
      refusal(() => givenArea(LAMBETH, enrolled(), withdrawn).when(report()).then()).code,
    ).toBe(ErrorCode.INVALID_TRANSITION);
  });

  it('"today" is the date in England: at 00:30 in British Summer Time, today has begun', () => {
    // 23:30 UTC on 15 June 2026 is 00:30 on 16 June in England.
    const now = new Date('2026-06-15T23:30:00Z');
    const context = { now, occurredAt: '2026-06-15T23:00:00.000Z' };
    expect(
      givenArea(LAMBETH, enrolled()).when(report(undefined, '2026-06-16'), context).then(),
    ).toHaveLength(1);
    expect(
      refusal(() =>
        givenArea(LAMBETH, enrolled()).when(report(undefined, '2026-06-17'), context).then(),
      ).details,
    ).toEqual({ field: 'achievedOn', rule: 'notInFuture' });
    // In winter England keeps UTC: 23:30 UTC on 15 January is still the 15th.
    const winter = { now: new Date('2026-01-15T23:30:00Z'), occurredAt: '2026-01-15T00:00:00Z' };
    expect(
      refusal(() =>
        givenArea(LAMBETH, enrolled()).when(report(undefined, '2026-01-16'), winter).then(),
      ).details,
    ).toEqual({ field: 'achievedOn', rule: 'notInFuture' });
  });

  it('given the milestone achieved on that date, when reported again, then nothing is written', () => {
    expect(
      givenArea(LAMBETH, enrolled(), achieved('schools-recruited', '2021-03-01'))
        .when(report())
        .then(),
    ).toEqual([]);
  });

  it('given the milestone achieved on another date, when reported, then it must be corrected instead', () => {
    expect(
      refusal(() =>
        givenArea(LAMBETH, enrolled(), achieved('schools-recruited', '2021-02-01'))
          .when(report())
          .then(),
      ).code,
    ).toBe(ErrorCode.ALREADY_EXISTS);
  });

  it('a former area reports up to its succession; after it, the refusal names the successors', () => {
    expect(
      givenArea(CUMBRIA, enrolled()).when(report(undefined, '2023-03-31')).then(),
    ).toHaveLength(1);
    const error = refusal(() =>
      givenArea(CUMBRIA, enrolled()).when(report(undefined, '2023-04-01')).then(),
    );
    expect(error.code).toBe(ErrorCode.AREA_REPLACED);
    expect(error.message).toContain(
      'Cumberland (E06000063) and Westmorland and Furness (E06000064)',
    );
  });
});
