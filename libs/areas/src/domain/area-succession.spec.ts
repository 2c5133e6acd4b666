import { ErrorCode, refusal } from '@app/kernel';
import { decideSuccession, foldSuccession, Succession } from './area-succession';

const CUMBRIA = 'E10000006';
const CUMBERLAND = 'E06000063';
const WESTMORLAND = 'E06000064';
const known = new Set([CUMBRIA, CUMBERLAND, WESTMORLAND]);
const context = {
  reason: 'Structural changes order 2022',
  isKnownArea: (c: string) => known.has(c),
};
const cumbria: Succession = {
  areaCode: CUMBRIA,
  successors: [CUMBERLAND, WESTMORLAND],
  effectiveFrom: '2023-04-01',
};

describe('area succession', () => {
  it('given no succession, when recorded, then the area is succeeded', () => {
    expect(decideSuccession(cumbria, null, context)).toEqual([
      { type: 'AreaSucceeded', data: cumbria },
    ]);
  });

  it('given the same succession, when recorded again, then nothing is written', () => {
    expect(
      decideSuccession({ ...cumbria, successors: [WESTMORLAND, CUMBERLAND] }, cumbria, context),
    ).toEqual([]);
  });

  it('given a succession, when a different one is recorded, then it is refused', () => {
    expect(
      refusal(() => decideSuccession({ ...cumbria, effectiveFrom: '2024-04-01' }, cumbria, context))
        .code,
    ).toBe(ErrorCode.ALREADY_EXISTS);
  });

  it('refuses unknown areas, no successors, duplicates, itself and a missing reason', () => {
    expect(
      refusal(() => decideSuccession({ ...cumbria, areaCode: 'E10999999' }, null, context)),
    ).toMatchObject({ code: ErrorCode.UNKNOWN_AREA, details: { field: 'areaCode' } });
    expect(
      refusal(() => decideSuccession({ ...cumbria, successors: ['E06999999'] }, null, context)),
    ).toMatchObject({ code: ErrorCode.UNKNOWN_AREA, details: { field: 'successors' } });
    expect(
      refusal(() => decideSuccession({ ...cumbria, successors: [] }, null, context)).details,
    ).toMatchObject({ field: 'successors', rule: 'required' });
    expect(
      refusal(() =>
        decideSuccession({ ...cumbria, successors: [CUMBERLAND, CUMBERLAND] }, null, context),
      ).details,
    ).toMatchObject({ rule: 'unique' });
    expect(
      refusal(() => decideSuccession({ ...cumbria, successors: [CUMBRIA] }, null, context)).details,
    ).toMatchObject({ rule: 'notSelf' });
    expect(
      refusal(() => decideSuccession(cumbria, null, { ...context, reason: ' ' })).details,
    ).toMatchObject({ field: 'reason', rule: 'required' });
  });

  it('folds the stream', () => {
    expect(foldSuccession([{ type: 'AreaSucceeded', data: cumbria }])).toEqual(cumbria);
  });
});
