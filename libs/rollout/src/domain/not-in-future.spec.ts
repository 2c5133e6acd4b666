import { ErrorCode, refusal } from '@app/kernel';
import { decide as decideRecommendation } from '@app/recommendations';
import { Rag } from './area-rollout';
import { decideProgramme } from './programme';
import {
  achieved,
  enrolled,
  givenArea,
  LAMBETH,
  NOW,
  PROGRAMME,
  PROGRAMME_ID,
} from '../testing/scenario';

/** A year after NOW: the 2030-style status that became an area's current status. */
const A_YEAR_AHEAD = '2026-06-01T12:00:00.000Z';
const SIX_MINUTES_AHEAD = new Date(NOW.getTime() + 6 * 60 * 1000).toISOString();
const FOUR_MINUTES_AHEAD = new Date(NOW.getTime() + 4 * 60 * 1000).toISOString();
const IN_THE_FUTURE = { field: 'occurredAt', rule: 'notInFuture' };

const history = [enrolled(), achieved('schools-recruited', '2021-03-01')] as const;
const commands = {
  reportStatus: {
    kind: 'ReportStatus',
    rag: Rag.GREEN,
    commentary: 'On track',
    periodStart: '2025-04-01',
    periodEnd: '2025-06-30',
  },
  correctMilestone: {
    kind: 'CorrectMilestone',
    milestoneKey: 'schools-recruited',
    achievedOn: '2021-02-01',
  },
  setAreaTarget: {
    kind: 'SetAreaTarget',
    milestoneKey: 'schools-recruited',
    targetDate: '2026-01-31',
  },
} as const;

describe('occurredAt in rollout: one rule with recommendations, at most five minutes ahead', () => {
  it.each(Object.entries(commands))(
    'given an enrolled area, when %s is dated a year ahead, then it is refused as in the future',
    (_name, command) => {
      const area = givenArea(LAMBETH, ...history);
      expect(refusal(() => area.when(command, { occurredAt: A_YEAR_AHEAD }).then())).toMatchObject({
        code: ErrorCode.BAD_USER_INPUT,
        details: IN_THE_FUTURE,
        message: `occurredAt ${A_YEAR_AHEAD} is in the future`,
      });
      expect(
        refusal(() => area.when(command, { occurredAt: SIX_MINUTES_AHEAD }).then()).details,
      ).toEqual(IN_THE_FUTURE);
      expect(area.when(command, { occurredAt: FOUR_MINUTES_AHEAD }).then()).toHaveLength(1);
    },
  );

  it('given a programme, when a national target is set with occurredAt a year ahead, then it is refused', () => {
    const setNational = {
      kind: 'SetNationalTarget',
      id: PROGRAMME_ID,
      milestoneKey: 'schools-recruited',
      targetDate: '2026-01-31',
    } as const;
    const context = (occurredAt: string) => ({
      occurredAt,
      now: NOW,
      isKnownRecommendation: () => true,
    });
    expect(
      refusal(() => decideProgramme(setNational, PROGRAMME, context(A_YEAR_AHEAD))).details,
    ).toEqual(IN_THE_FUTURE);
    expect(decideProgramme(setNational, PROGRAMME, context(FOUR_MINUTES_AHEAD))).toHaveLength(1);
  });

  it('refuses with the same code, rule and words as a recommendation step', () => {
    const rollout = refusal(() =>
      givenArea(LAMBETH, ...history)
        .when(commands.reportStatus, { occurredAt: A_YEAR_AHEAD })
        .then(),
    );
    const recommendation = refusal(() =>
      decideRecommendation({ kind: 'WithdrawRecommendation', id: 'CSC-X', evidenceUrl: null }, null, {
        occurredAt: A_YEAR_AHEAD,
        reason: 'Superseded',
        now: NOW,
        isKnownArea: () => true,
      }),
    );
    expect(rollout).toMatchObject({
      code: recommendation.code,
      details: recommendation.details,
      message: recommendation.message,
    });
  });
});
