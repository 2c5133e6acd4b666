import { ErrorCode } from '@app/kernel';
import {
  achieved,
  actors,
  areaOf,
  enrolled,
  givenArea,
  LAMBETH,
  refusal,
} from '../testing/scenario';

const correct = (achievedOn: string | null) =>
  ({ kind: 'CorrectMilestone', milestoneKey: 'schools-recruited', achievedOn }) as const;
const history = [enrolled(), achieved('schools-recruited', '2021-03-01')] as const;

describe('correct a milestone', () => {
  it('given an achievement, when its date is corrected, then the event keeps the original date', () => {
    expect(
      givenArea(LAMBETH, ...history)
        .when(correct('2021-02-15'), { actor: actors.lambeth })
        .then(),
    ).toEqual([
      {
        type: 'MilestoneAchievementCorrected',
        data: {
          milestoneKey: 'schools-recruited',
          achievedOn: '2021-02-15',
          previousAchievedOn: '2021-03-01',
        },
      },
    ]);
  });

  it('given an achievement, when withdrawn, then it is no longer achieved but stays in history', () => {
    const [withdrawal] = givenArea(LAMBETH, ...history)
      .when(correct(null))
      .then();
    expect(withdrawal).toEqual({
      type: 'MilestoneAchievementWithdrawn',
      data: { milestoneKey: 'schools-recruited', previousAchievedOn: '2021-03-01' },
    });
    expect(areaOf(LAMBETH, ...history, withdrawal)?.achievements).toEqual({});
  });

  it('a corrected date replaces the achieved one in the state, keeping note and evidence', () => {
    const state = areaOf(
      LAMBETH,
      enrolled(),
      [achieved('schools-recruited', '2021-03-01'), ['https://example.org/minutes']],
      {
        type: 'MilestoneAchievementCorrected',
        data: {
          milestoneKey: 'schools-recruited',
          achievedOn: '2021-02-15',
          previousAchievedOn: '2021-03-01',
        },
      },
    );
    expect(state?.achievements['schools-recruited']).toEqual({
      achievedOn: '2021-02-15',
      note: null,
      evidence: ['https://example.org/minutes'],
    });
  });

  it('refuses without a reason, for a milestone not achieved, and for the same date', () => {
    expect(
      refusal(() =>
        givenArea(LAMBETH, ...history)
          .when(correct('2021-02-15'), { reason: ' ' })
          .then(),
      ).details,
    ).toEqual({ field: 'reason', rule: 'required' });
    expect(
      refusal(() => givenArea(LAMBETH, enrolled()).when(correct('2021-02-15')).then()).code,
    ).toBe(ErrorCode.NOT_FOUND);
    expect(
      refusal(() =>
        givenArea(LAMBETH, ...history)
          .when(correct('2021-03-01'))
          .then(),
      ).details,
    ).toEqual({
      field: 'achievedOn',
      rule: 'changed',
    });
  });
});
