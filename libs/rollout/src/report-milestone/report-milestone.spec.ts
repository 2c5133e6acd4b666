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
