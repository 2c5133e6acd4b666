import { ErrorCode } from '@app/kernel';
import { actors, areaOf, enrolled, givenArea, LAMBETH, refusal } from '../testing/scenario';

const withdraw = (withdrawnOn = '2024-01-01') => ({ kind: 'WithdrawArea', withdrawnOn }) as const;

describe('withdraw an area', () => {
  it('given an enrolled area, when the board withdraws it with a reason, then it is withdrawn', () => {
    const events = givenArea(LAMBETH, enrolled()).when(withdraw()).then();
    expect(events).toEqual([{ type: 'AreaWithdrawn', data: { withdrawnOn: '2024-01-01' } }]);
    expect(areaOf(LAMBETH, enrolled(), ...events)?.withdrawnOn).toBe('2024-01-01');
  });

  it('refuses a local authority, no reason, a date before enrolment, and a second withdrawal', () => {
    expect(
      refusal(() =>
        givenArea(LAMBETH, enrolled()).when(withdraw(), { actor: actors.lambeth }).then(),
      ).code,
    ).toBe(ErrorCode.FORBIDDEN);
    expect(
      refusal(() => givenArea(LAMBETH, enrolled()).when(withdraw(), { reason: null }).then())
        .details,
    ).toEqual({ field: 'reason', rule: 'required' });
    expect(
      refusal(() => givenArea(LAMBETH, enrolled()).when(withdraw('2019-01-01')).then()).details,
    ).toEqual({
      field: 'withdrawnOn',
      rule: 'notBeforeEnrolment',
    });
    const withdrawn = { type: 'AreaWithdrawn', data: { withdrawnOn: '2024-01-01' } } as const;
    expect(
      refusal(() => givenArea(LAMBETH, enrolled(), withdrawn).when(withdraw()).then()).code,
    ).toBe(ErrorCode.INVALID_TRANSITION);
  });
});
