import { ErrorCode } from '@app/kernel';
import { accepted, funded, given, ID, piloted, proposed, refusal } from '../testing/scenario';

const fund = {
  kind: 'FundRecommendation' as const,
  evidenceUrl: null,
  id: ID,
  amountPence: 4_500_000_000,
  fundingSource: 'DfE',
  periodStart: '2023-07-01',
  periodEnd: '2025-03-31',
};

describe('fund a recommendation', () => {
  it('given it is accepted, records the funding', () => {
    expect(given([proposed], [accepted]).when(fund).then()).toEqual([funded]);
  });

  it('records funding whose amount is not known', () => {
    const [event] = given([proposed], [accepted])
      .when({ ...fund, amountPence: null })
      .then();
    expect(event).toMatchObject({ type: 'RecommendationFunded', data: { amountPence: null } });
  });

  it('given it is only proposed, funds it with a reason, recording Accepted as skipped', () => {
    const [event] = given([proposed]).when(fund).then();
    expect(event).toMatchObject({ data: { skippedStages: ['ACCEPTED'] } });
  });

  it('given it is only proposed, refuses to skip without a reason', () => {
    const error = refusal(given([proposed]).when(fund, { reason: null }).then);
    expect(error).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { field: 'reason', rule: 'requiredToSkipStages' },
    });
  });

  it('given it is piloted, refuses to move back with INVALID_TRANSITION', () => {
    const error = refusal(given([proposed], [accepted], [funded], [piloted]).when(fund).then);
    expect(error).toMatchObject({
      code: ErrorCode.INVALID_TRANSITION,
      details: { currentStage: 'PILOTED', requestedStage: 'FUNDED' },
    });
  });

  it('refuses a fractional or negative amount', () => {
    for (const amountPence of [1.5, -1]) {
      const error = refusal(given([proposed], [accepted]).when({ ...fund, amountPence }).then);
      expect(error).toMatchObject({
        details: { field: 'amountPence', rule: 'nonNegativeInteger' },
      });
    }
  });

  it('refuses a period that ends before it starts', () => {
    const error = refusal(
      given([proposed], [accepted]).when({ ...fund, periodEnd: '2023-06-30' }).then,
    );
    expect(error).toMatchObject({ details: { field: 'periodEnd', rule: 'notBeforeStart' } });
  });
});
