import { ErrorCode } from '@app/kernel';
import { RecommendationEvent } from '../domain/recommendation.events';
import {
  accepted,
  funded,
  given,
  ID,
  piloted,
  proposed,
  refusal,
  rejected,
  rolledOut,
  withdrawn,
} from '../testing/scenario';

const withdraw = { kind: 'WithdrawRecommendation' as const, id: ID, evidenceUrl: null };

describe('withdraw a recommendation', () => {
  const open: [string, RecommendationEvent[]][] = [
    ['proposed', [proposed]],
    ['accepted', [proposed, accepted]],
    ['funded', [proposed, accepted, funded]],
    ['piloted', [proposed, accepted, funded, piloted]],
  ];
  it.each(open)('given it is %s, withdraws it', (_stage, history) => {
    expect(
      given(...history.map((event): [RecommendationEvent] => [event]))
        .when(withdraw)
        .then(),
    ).toEqual([withdrawn]);
  });

  const final: [string, RecommendationEvent[]][] = [
    ['rolled out', [proposed, accepted, funded, piloted, rolledOut]],
    ['rejected', [proposed, rejected]],
    ['withdrawn', [proposed, withdrawn]],
  ];
  it.each(final)('given it is %s, refuses with INVALID_TRANSITION', (_stage, history) => {
    const error = refusal(
      given(...history.map((event): [RecommendationEvent] => [event])).when(withdraw).then,
    );
    expect(error.code).toBe(ErrorCode.INVALID_TRANSITION);
  });

  it('requires a reason', () => {
    expect(refusal(given([proposed]).when(withdraw, { reason: '' }).then).details).toMatchObject({
      field: 'reason',
    });
  });
});
