import { commandContextOf, seedContext } from '@app/kernel';
import type { AreaRolloutCommand } from '../domain/area-rollout';
import { Rag } from '../domain/area-rollout';
import { actors, NOW } from '../testing/scenario';
import { withBusinessDate } from './business-date';

const report: AreaRolloutCommand = {
  kind: 'ReportMilestone',
  milestoneKey: 'schools-recruited',
  achievedOn: '2024-06-16',
  note: null,
};
const contextOf = (occurredAt?: string) =>
  commandContextOf(
    { commandId: 'c-1', ...(occurredAt ? { occurredAt } : {}) },
    actors.lambeth,
    'corr-1',
    NOW,
  );

describe('the business date a change is recorded on', () => {
  it('is the start of its own date in England when the caller leaves occurredAt out', () => {
    expect(withBusinessDate(report, contextOf()).occurredAt).toBe('2024-06-15T23:00:00.000Z');
    const enrol: AreaRolloutCommand = {
      kind: 'EnrolArea',
      enrolledOn: '2024-01-10',
      pilot: false,
      wave: null,
    };
    expect(withBusinessDate(enrol, contextOf()).occurredAt).toBe('2024-01-10T00:00:00.000Z');
    const withdraw: AreaRolloutCommand = { kind: 'WithdrawArea', withdrawnOn: '2024-03-01' };
    expect(withBusinessDate(withdraw, contextOf()).occurredAt).toBe('2024-03-01T00:00:00.000Z');
  });

  it('is the one the caller gives, if any', () => {
    const given = contextOf('2024-06-20T09:30:00Z');
    expect(withBusinessDate(report, given)).toBe(given);
    expect(given.occurredAt).toBe('2024-06-20T09:30:00.000Z');
  });

  it('is now for a change without a date of its own: status reports and targets', () => {
    const status: AreaRolloutCommand = {
      kind: 'ReportStatus',
      rag: Rag.GREEN,
      commentary: 'On track',
      periodStart: '2024-04-01',
      periodEnd: '2024-06-30',
    };
    expect(withBusinessDate(status, contextOf()).occurredAt).toBe(NOW.toISOString());
    const target: AreaRolloutCommand = {
      kind: 'SetAreaTarget',
      milestoneKey: 'schools-recruited',
      targetDate: '2025-01-31',
    };
    expect(withBusinessDate(target, contextOf()).occurredAt).toBe(NOW.toISOString());
  });

  it('is the one an envelope without a request (seeding) names', () => {
    const seeded = seedContext('milestone:x', '2024-06-01', 'Shipped programme facts');
    expect(withBusinessDate(report, seeded)).toBe(seeded);
  });
});
