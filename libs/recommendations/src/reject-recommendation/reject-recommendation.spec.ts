import { ErrorCode } from '@app/kernel';
import { accepted, given, ID, proposed, refusal, rejected } from '../testing/scenario';

const reject = { kind: 'RejectRecommendation' as const, id: ID, evidenceUrl: null };

describe('reject a recommendation', () => {
  it('given it is proposed, rejects it', () => {
    expect(given([proposed]).when(reject).then()).toEqual([rejected]);
  });

  it('given it was accepted, refuses with INVALID_TRANSITION', () => {
    expect(refusal(given([proposed], [accepted]).when(reject).then).code).toBe(
      ErrorCode.INVALID_TRANSITION,
    );
  });

  it('requires a reason', () => {
    const error = refusal(given([proposed]).when(reject, { reason: null }).then);
    expect(error).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, details: { field: 'reason' } });
  });
});
