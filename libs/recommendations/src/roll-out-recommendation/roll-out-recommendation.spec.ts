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
  evidenceUrl: null,
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

  it('given it is only accepted, rolls it out with a reason, recording the stages skipped', () => {
    const [event] = given([proposed], [accepted])
      .when(rollOut, { reason: 'No dated public fact exists for funding or a pilot' })
      .then();
    expect(event).toEqual({
      type: 'RecommendationRolledOut',
      data: { ...rolledOut.data, skippedStages: ['FUNDED', 'PILOTED'] },
    });
  });

  it('given it is only accepted, refuses to skip stages without a reason, naming them', () => {
    const error = refusal(given([proposed], [accepted]).when(rollOut, { reason: ' ' }).then);
    expect(error).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      message:
        'A reason is required to move from Accepted to Rolled out, skipping Funded and Piloted',
      details: { field: 'reason', rule: 'requiredToSkipStages' },
    });
  });

  it('records its evidence', () => {
    const url = 'https://example.org/rolled-out';
    const [event] = pilotRunning.when({ ...rollOut, evidenceUrl: url }).then();
    expect(event).toMatchObject({ data: { evidenceUrl: url } });
    expect(event.data).not.toHaveProperty('skippedStages');
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
