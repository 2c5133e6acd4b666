import { Stage } from './stage';
import { foldRecommendation } from './recommendation.state';
import { accepted, funded, piloted, proposed, rolledOut } from '../testing/scenario';

describe('folding a recommendation', () => {
  it("keeps every step's facts with its business date and reason", () => {
    const state = foldRecommendation([
      { event: proposed, occurredAt: '2022-05-23T00:00:00.000Z', reason: null },
      {
        event: accepted,
        occurredAt: '2023-02-02T00:00:00.000Z',
        reason: 'Stable Homes, Built on Love',
      },
      { event: funded, occurredAt: '2023-07-01T00:00:00.000Z', reason: null },
      { event: piloted, occurredAt: '2023-07-26T00:00:00.000Z', reason: null },
      { event: rolledOut, occurredAt: '2025-04-01T00:00:00.000Z', reason: null },
    ]);
    expect(state).toMatchObject({
      stage: Stage.ROLLED_OUT,
      version: 5,
      proposedAt: '2022-05-23T00:00:00.000Z',
      stageChangedAt: '2025-04-01T00:00:00.000Z',
      acceptance: {
        decision: 'ACCEPTED_IN_FULL',
        reason: 'Stable Homes, Built on Love',
        decidedAt: '2023-02-02T00:00:00.000Z',
      },
      funding: { amountPence: 4_500_000_000, fundedAt: '2023-07-01T00:00:00.000Z' },
      pilot: { areas: ['E09000022'], startDate: '2023-07-26' },
      rollout: { scope: 'NATIONAL', rolloutDate: '2025-04-01' },
    });
  });

  it('is null for an empty stream', () => {
    expect(foldRecommendation([])).toBeNull();
  });
});
