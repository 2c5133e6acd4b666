import { ErrorCode } from '@app/kernel';
import {
  actors,
  allocate,
  allocated,
  allocation,
  CUMBRIA,
  fundingOf,
  given,
  LAMBETH,
  PROGRAMME_ID,
  refusal,
  SOUTHWARK,
} from '../testing/scenario';

const correct = (changes: object, allocationId = 'lambeth-2025-26') =>
  ({ kind: 'CorrectGrantAllocation', programmeId: PROGRAMME_ID, allocationId, changes }) as const;
const withdraw = (allocationId = 'lambeth-2025-26') =>
  ({ kind: 'WithdrawGrantAllocation', programmeId: PROGRAMME_ID, allocationId }) as const;

describe('allocate a grant', () => {
  it('given no grants, when the board records one, then it is allocated', () => {
    const events = given().when(allocate()).then();
    expect(events).toEqual([{ type: 'GrantAllocated', data: allocation() }]);
    expect(fundingOf(...events)?.allocations).toEqual([{ ...allocation(), withdrawn: false }]);
  });

  it('records a grant to a council not enrolled in the programme, and a zero amount', () => {
    // Councils get grants before they enrol; the determination may list a nil allocation.
    expect(
      given()
        .when(allocate({ areaCode: SOUTHWARK, amountPence: 0 }))
        .then(),
    ).toHaveLength(1);
  });

  it('lets admins record, and refuses auditors and local authorities', () => {
    expect(given().when(allocate(), { actor: actors.admin }).then()).toHaveLength(1);
    for (const actor of [actors.auditor, actors.lambeth]) {
      expect(refusal(() => given().when(allocate(), { actor }).then()).code).toBe(
        ErrorCode.FORBIDDEN,
      );
    }
  });

  it('refuses a programme that does not exist, naming programmeId', () => {
    const error = refusal(() => given().when(allocate(), { programmeExists: false }).then());
    expect(error.code).toBe(ErrorCode.NOT_FOUND);
    expect(error.details).toMatchObject({ field: 'programmeId' });
  });

  it('refuses an unknown area, naming areaCode', () => {
    const error = refusal(() =>
      given()
        .when(allocate({ areaCode: 'E09999999' }))
        .then(),
    );
    expect(error.code).toBe(ErrorCode.UNKNOWN_AREA);
    expect(error.details).toMatchObject({ field: 'areaCode' });
  });

  it.each([
    [{ amountPence: -1 }, 'amountPence', 'wholePence'],
    [{ amountPence: 10.5 }, 'amountPence', 'wholePence'],
    [{ amountPence: Number.MAX_SAFE_INTEGER + 1 }, 'amountPence', 'wholePence'],
    [{ periodEnd: '2025-03-31' }, 'periodEnd', 'notBeforeStart'],
    [{ periodStart: '1 April 2025' }, 'periodStart', 'calendarDate'],
    [{ allocatedOn: '2025-06-02' }, 'allocatedOn', 'notInFuture'],
    [{ sourceUrl: '/grants/lambeth.pdf' }, 'sourceUrl', 'absoluteUrl'],
    [{ sourceUrl: 'ftp://example.org/a' }, 'sourceUrl', 'absoluteUrl'],
    [{ fundingSource: ' ' }, 'fundingSource', 'required'],
  ])('refuses %j, naming %s', (changes, field, rule) => {
    expect(refusal(() => given().when(allocate(changes)).then()).details).toEqual({
      field,
      rule,
    });
  });

  it('accepts a period of one day, and an allocation made today', () => {
    const oneDay = allocate({ periodStart: '2025-04-01', periodEnd: '2025-04-01' });
    expect(given().when(oneDay).then()).toHaveLength(1);
    expect(
      given()
        .when(allocate({ allocatedOn: '2025-06-01' }))
        .then(),
    ).toHaveLength(1);
  });

  it('refuses a former area for a period reaching past its abolition, not before it', () => {
    const error = refusal(() =>
      given()
        .when(allocate({ areaCode: CUMBRIA, periodStart: '2023-01-01', periodEnd: '2023-12-31' }))
        .then(),
    );
    expect(error.code).toBe(ErrorCode.AREA_REPLACED);
    expect(error.details).toMatchObject({ field: 'areaCode' });
    expect(error.message).toContain('Cumberland (E06000063) and Westmorland and Furness');
    const before = allocate({
      areaCode: CUMBRIA,
      periodStart: '2022-04-01',
      periodEnd: '2023-03-31',
    });
    expect(given().when(before).then()).toHaveLength(1);
  });

  it('refuses a second allocation for the same area and period, pointing to the first', () => {
    const error = refusal(() =>
      given(allocated())
        .when(allocate({ allocationId: 'again', amountPence: 1 }))
        .then(),
    );
    expect(error.code).toBe(ErrorCode.ALREADY_EXISTS);
    expect(error.details).toEqual({ field: 'periodStart', allocationId: 'lambeth-2025-26' });
    expect(error.message).toContain('correct that allocation instead');
  });

  it('allows another period, another area, and the same period once the first is withdrawn', () => {
    const nextYear = { allocationId: 'next', periodStart: '2026-04-01', periodEnd: '2027-03-31' };
    expect(given(allocated()).when(allocate(nextYear)).then()).toHaveLength(1);
    const southwark = { allocationId: 'southwark', areaCode: SOUTHWARK };
    expect(given(allocated()).when(allocate(southwark)).then()).toHaveLength(1);
    const gone = given(allocated(), {
      type: 'GrantAllocationWithdrawn',
      data: { allocationId: 'lambeth-2025-26' },
    });
    expect(gone.when(allocate({ allocationId: 'replacement' })).then()).toHaveLength(1);
  });

  it('refuses an allocation id already used', () => {
    const error = refusal(() =>
      given(allocated())
        .when(allocate({ areaCode: SOUTHWARK }))
        .then(),
    );
    expect(error.code).toBe(ErrorCode.ALREADY_EXISTS);
    expect(error.details).toMatchObject({ field: 'allocationId' });
  });
});

describe('correct a grant allocation', () => {
  it('records only what changed', () => {
    const events = given(allocated())
      .when(correct({ amountPence: 100, fundingSource: 'Department for Education' }))
      .then();
    expect(events).toEqual([
      {
        type: 'GrantAllocationCorrected',
        data: { allocationId: 'lambeth-2025-26', amountPence: 100 },
      },
    ]);
    expect(fundingOf(allocated(), ...events)?.allocations[0].amountPence).toBe(100);
  });

  it('refuses a correction that changes nothing, or has no reason', () => {
    expect(
      refusal(() =>
        given(allocated())
          .when(correct({ amountPence: 123_456_789 }))
          .then(),
      ).details,
    ).toEqual({ field: 'allocationId', rule: 'changesSomething' });
    expect(
      refusal(() =>
        given(allocated())
          .when(correct({ amountPence: 1 }), { reason: ' ' })
          .then(),
      ).details,
    ).toEqual({ field: 'reason', rule: 'required' });
  });

  it('checks the corrected allocation by the same rules', () => {
    expect(
      refusal(() =>
        given(allocated())
          .when(correct({ periodEnd: '2024-01-01' }))
          .then(),
      ).details,
    ).toEqual({ field: 'periodEnd', rule: 'notBeforeStart' });
    const other = allocated({
      allocationId: 'other',
      periodStart: '2026-04-01',
      periodEnd: '2027-03-31',
    });
    expect(
      refusal(() =>
        given(allocated(), other)
          .when(correct({ periodStart: '2026-04-01', periodEnd: '2027-03-31' }))
          .then(),
      ).code,
    ).toBe(ErrorCode.ALREADY_EXISTS);
  });

  it('refuses an allocation that does not exist or was withdrawn', () => {
    expect(
      refusal(() =>
        given()
          .when(correct({ amountPence: 1 }))
          .then(),
      ).code,
    ).toBe(ErrorCode.NOT_FOUND);
    const withdrawn = {
      type: 'GrantAllocationWithdrawn',
      data: { allocationId: 'lambeth-2025-26' },
    } as const;
    expect(
      refusal(() =>
        given(allocated(), withdrawn)
          .when(correct({ amountPence: 1 }))
          .then(),
      ).code,
    ).toBe(ErrorCode.INVALID_TRANSITION);
  });
});

describe('withdraw a grant allocation', () => {
  it('given an allocation, when the board withdraws it with a reason, then it is withdrawn', () => {
    const events = given(allocated()).when(withdraw()).then();
    expect(events).toEqual([
      { type: 'GrantAllocationWithdrawn', data: { allocationId: 'lambeth-2025-26' } },
    ]);
    expect(fundingOf(allocated(), ...events)?.allocations[0].withdrawn).toBe(true);
  });

  it('refuses a local authority, no reason, and a second withdrawal', () => {
    expect(
      refusal(() => given(allocated()).when(withdraw(), { actor: actors.lambeth }).then()).code,
    ).toBe(ErrorCode.FORBIDDEN);
    expect(
      refusal(() => given(allocated()).when(withdraw(), { reason: null }).then()).details,
    ).toEqual({ field: 'reason', rule: 'required' });
    const gone = given(allocated(), ...given(allocated()).when(withdraw()).then());
    expect(refusal(() => gone.when(withdraw()).then()).code).toBe(ErrorCode.INVALID_TRANSITION);
  });

  it('keeps LAMBETH the area of the allocation', () => {
    expect(fundingOf(allocated())?.allocations[0].areaCode).toBe(LAMBETH);
  });
});
