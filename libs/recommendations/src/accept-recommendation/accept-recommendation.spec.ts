import { ErrorCode } from '@app/kernel';
import { AcceptanceDecision } from '../domain/recommendation.events';
import { accepted, given, ID, proposed, refusal, rejected } from '../testing/scenario';

const accept = {
  kind: 'AcceptRecommendation' as const,
  id: ID,
  evidenceUrl: null,
  decision: AcceptanceDecision.ACCEPTED_IN_FULL,
};

describe('accept a recommendation', () => {
  it('given it is proposed, accepts it with the decision', () => {
    expect(given([proposed]).when(accept).then()).toEqual([accepted]);
  });

  it('given nothing, refuses with NOT_FOUND', () => {
    expect(refusal(given().when(accept).then).code).toBe(ErrorCode.NOT_FOUND);
  });

  it('given it was rejected, refuses with INVALID_TRANSITION naming both stages', () => {
    const error = refusal(given([proposed], [rejected]).when(accept).then);
    expect(error).toMatchObject({
      code: ErrorCode.INVALID_TRANSITION,
      details: { currentStage: 'REJECTED', requestedStage: 'ACCEPTED' },
    });
  });

  it('requires a reason', () => {
    const error = refusal(given([proposed]).when(accept, { reason: '  ' }).then);
    expect(error).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { field: 'reason', rule: 'required' },
    });
  });

  it('refuses a decision dated before the proposal', () => {
    const error = refusal(
      given([proposed, '2024-01-01T00:00:00.000Z']).when(accept, {
        occurredAt: '2023-12-31T00:00:00.000Z',
      }).then,
    );
    expect(error).toMatchObject({
      details: { field: 'occurredAt', rule: 'notBeforePreviousStep' },
    });
  });
});
