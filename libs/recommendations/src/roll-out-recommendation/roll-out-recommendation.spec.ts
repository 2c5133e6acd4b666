import { ErrorCode } from '@app/kernel';
import { RolloutScope } from '../domain/recommendation.events';
import {
  accepted,
  funded,
  given,
  ID,
  piloted,
  proposed,
  refusal,
  rolledOut,
} from '../testing/scenario';

const rollOut = {
  kind: 'RollOutRecommendation' as const,
  id: ID,
  scope: RolloutScope.NATIONAL,
  areas: [],
  rolloutDate: '2025-04-01',
};
const pilotRunning = given([proposed], [accepted], [funded], [piloted]);

describe('roll out a recommendation', () => {
  it('given a pilot, rolls it out nationally', () => {
    expect(pilotRunning.when(rollOut).then()).toEqual([rolledOut]);
  });

  it('rolls out to named areas', () => {
    const [event] = pilotRunning
      .when({ ...rollOut, scope: RolloutScope.AREAS, areas: ['E06000045', 'E08000007'] })
      .then();
    expect(event).toMatchObject({ data: { scope: 'AREAS', areas: ['E06000045', 'E08000007'] } });
  });

  it('given it is only funded, refuses with INVALID_TRANSITION', () => {
    expect(refusal(given([proposed], [accepted], [funded]).when(rollOut).then).code).toBe(
      ErrorCode.INVALID_TRANSITION,
    );
  });

  it('given it is rolled out, refuses to roll out again', () => {
    const error = refusal(
      given([proposed], [accepted], [funded], [piloted], [rolledOut]).when(rollOut).then,
    );
    expect(error).toMatchObject({
      code: ErrorCode.INVALID_TRANSITION,
      details: { currentStage: 'ROLLED_OUT' },
    });
  });

  it('refuses a national rollout that names areas, and an area rollout that names none', () => {
    expect(
      refusal(pilotRunning.when({ ...rollOut, areas: ['E06000045'] }).then).details,
    ).toMatchObject({
      rule: 'emptyForNationalScope',
    });
    expect(
      refusal(pilotRunning.when({ ...rollOut, scope: RolloutScope.AREAS }).then).details,
    ).toMatchObject({
      rule: 'requiredForAreaScope',
    });
  });

  it('refuses unknown areas', () => {
    const error = refusal(
      pilotRunning.when({ ...rollOut, scope: RolloutScope.AREAS, areas: ['E00000000'] }).then,
    );
    expect(error.code).toBe(ErrorCode.UNKNOWN_AREA);
  });
});
