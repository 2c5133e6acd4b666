import { ErrorCode } from '@app/kernel';
import { actors, CUMBRIA, enrolled, givenArea, LAMBETH, refusal } from '../testing/scenario';

const enrol = (enrolledOn = '2020-09-01') =>
  ({ kind: 'EnrolArea', enrolledOn, pilot: true, wave: '1' }) as const;

describe('enrol an area', () => {
  it('given nothing, when the board enrols an area as a pilot, then it is enrolled in its wave', () => {
    expect(givenArea(LAMBETH).when(enrol()).then()).toEqual([
      { type: 'AreaEnrolled', data: { enrolledOn: '2020-09-01', pilot: true, wave: '1' } },
    ]);
  });

  it('a local authority or an auditor may enrol nothing', () => {
    expect(
      refusal(() => givenArea(LAMBETH).when(enrol(), { actor: actors.lambeth }).then()).code,
    ).toBe(ErrorCode.FORBIDDEN);
    expect(
      refusal(() => givenArea(LAMBETH).when(enrol(), { actor: actors.auditor }).then()).code,
    ).toBe(ErrorCode.FORBIDDEN);
  });

  it('refuses an unknown area, an unknown programme, a second enrolment and a future date', () => {
    expect(refusal(() => givenArea('E09999999').when(enrol()).then())).toMatchObject({
      code: ErrorCode.UNKNOWN_AREA,
      details: { field: 'areaCode' },
    });
    expect(refusal(() => givenArea(LAMBETH).when(enrol(), { programme: null }).then()).code).toBe(
      ErrorCode.NOT_FOUND,
    );
    expect(refusal(() => givenArea(LAMBETH, enrolled()).when(enrol()).then()).code).toBe(
      ErrorCode.ALREADY_EXISTS,
    );
    expect(refusal(() => givenArea(LAMBETH).when(enrol('2030-01-01')).then()).details).toEqual({
      field: 'enrolledOn',
      rule: 'notInFuture',
    });
  });

  it('given a withdrawn area, when enrolled again, then it rejoins', () => {
    const withdrawn = { type: 'AreaWithdrawn', data: { withdrawnOn: '2022-01-01' } } as const;
    expect(givenArea(LAMBETH, enrolled(), withdrawn).when(enrol('2024-01-01')).then()).toHaveLength(
      1,
    );
  });

  it('a former area can be enrolled before its succession, not after', () => {
    expect(givenArea(CUMBRIA).when(enrol('2020-09-01')).then()).toHaveLength(1);
    expect(refusal(() => givenArea(CUMBRIA).when(enrol('2023-04-01')).then()).code).toBe(
      ErrorCode.AREA_REPLACED,
    );
  });
});
