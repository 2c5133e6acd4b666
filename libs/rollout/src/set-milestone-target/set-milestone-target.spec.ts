import { ErrorCode } from '@app/kernel';
import { decideProgramme } from '../domain/programme';
import {
  achieved,
  enrolled,
  givenArea,
  LAMBETH,
  NOW,
  PROGRAMME,
  PROGRAMME_ID,
  refusal,
  actors,
} from '../testing/scenario';

const context = { occurredAt: NOW.toISOString(), now: NOW, isKnownRecommendation: () => true };
const setNational = (milestoneKey: string, targetDate: string) =>
  ({ kind: 'SetNationalTarget', id: PROGRAMME_ID, milestoneKey, targetDate }) as const;

describe('set a milestone target', () => {
  it('given a national target, when moved, then the old target is kept in the event', () => {
    expect(
      decideProgramme(setNational('schools-recruited', '2024-06-30'), PROGRAMME, context),
    ).toEqual([
      {
        type: 'MilestoneTargetSet',
        data: {
          milestoneKey: 'schools-recruited',
          targetDate: '2024-06-30',
          previousTargetDate: '2024-01-31',
        },
      },
    ]);
  });

  it('given the same national target, when set again, then nothing is written', () => {
    expect(
      decideProgramme(setNational('schools-recruited', '2024-01-31'), PROGRAMME, context),
    ).toEqual([]);
  });

  it('refuses an unknown milestone and an unknown programme', () => {
    expect(
      refusal(() => decideProgramme(setNational('nope', '2024-01-31'), PROGRAMME, context)).details,
    ).toEqual({ field: 'milestoneKey', rule: 'knownMilestone' });
    expect(
      refusal(() => decideProgramme(setNational('schools-recruited', '2024-01-31'), null, context))
        .code,
    ).toBe(ErrorCode.NOT_FOUND);
  });

  it('given an enrolled area, when its own target is set, then it overrides the national one', () => {
    expect(
      givenArea(LAMBETH, enrolled())
        .when({
          kind: 'SetAreaTarget',
          milestoneKey: 'schools-recruited',
          targetDate: '2024-09-30',
        })
        .then(),
    ).toEqual([
      {
        type: 'MilestoneTargetSet',
        data: {
          milestoneKey: 'schools-recruited',
          targetDate: '2024-09-30',
          previousTargetDate: '2024-01-31',
        },
      },
    ]);
  });

  it('an area target is the board’s: a local authority may not set one, even for its own area', () => {
    expect(
      refusal(() =>
        givenArea(LAMBETH, enrolled(), achieved('schools-recruited', '2021-01-01'))
          .when(
            { kind: 'SetAreaTarget', milestoneKey: 'schools-recruited', targetDate: '2024-09-30' },
            { actor: actors.lambeth },
          )
          .then(),
      ).code,
    ).toBe(ErrorCode.FORBIDDEN);
  });
});
