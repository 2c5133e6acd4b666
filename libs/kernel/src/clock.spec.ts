import { assertNotInFuture, isoDate, startOfBusinessDay } from './clock';
import { refusal } from './domain-error';

describe('business dates are dates in England', () => {
  it('from midnight to 01:00 in British Summer Time, today is already the next UTC day', () => {
    expect(isoDate(new Date('2026-06-15T22:59:59.999Z'))).toBe('2026-06-15');
    expect(isoDate(new Date('2026-06-15T23:30:00Z'))).toBe('2026-06-16');
    expect(isoDate(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-15');
    expect(isoDate(new Date('2026-01-16T00:00:00Z'))).toBe('2026-01-16');
  });

  it('a business date starts at midnight in England, also on the days the clocks change', () => {
    expect(startOfBusinessDay('2026-06-16')).toBe('2026-06-15T23:00:00.000Z');
    expect(startOfBusinessDay('2026-01-16')).toBe('2026-01-16T00:00:00.000Z');
    // Clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October.
    expect(startOfBusinessDay('2026-03-29')).toBe('2026-03-29T00:00:00.000Z');
    expect(startOfBusinessDay('2026-03-30')).toBe('2026-03-29T23:00:00.000Z');
    expect(startOfBusinessDay('2026-10-25')).toBe('2026-10-24T23:00:00.000Z');
    expect(startOfBusinessDay('2026-10-26')).toBe('2026-10-26T00:00:00.000Z');
    for (const date of ['2026-03-29', '2026-06-16', '2026-10-25', '2026-12-31']) {
      expect(isoDate(new Date(startOfBusinessDay(date)))).toBe(date);
      expect(isoDate(new Date(Date.parse(startOfBusinessDay(date)) - 1))).not.toBe(date);
    }
  });
});

describe('occurredAt is never more than five minutes ahead', () => {
  const now = new Date('2026-06-15T12:00:00Z');

  it('accepts the past and a clock a little fast; refuses later, naming the field and rule', () => {
    expect(() => assertNotInFuture('2020-01-01T00:00:00Z', now)).not.toThrow();
    expect(() => assertNotInFuture('2026-06-15T12:05:00Z', now)).not.toThrow();
    expect(refusal(() => assertNotInFuture('2026-06-15T12:05:00.001Z', now))).toMatchObject({
      details: { field: 'occurredAt', rule: 'notInFuture' },
      message: 'occurredAt 2026-06-15T12:05:00.001Z is in the future',
    });
  });
});
