import { dateInWords, duePeriod, isoWeek, periodOf } from './period';

describe('digest periods', () => {
  it.each([
    ['2026-12-05', 2026, 49, '2026-11-30'],
    ['2026-11-30', 2026, 49, '2026-11-30'],
    ['2026-12-06', 2026, 49, '2026-11-30'],
    ['2026-01-01', 2026, 1, '2025-12-29'],
    ['2025-12-29', 2026, 1, '2025-12-29'],
    ['2027-01-03', 2026, 53, '2026-12-28'],
    ['2021-01-03', 2020, 53, '2020-12-28'],
    ['2024-12-30', 2025, 1, '2024-12-30'],
  ])('%s is in ISO week %i-W%i, which starts on %s', (date, year, week, monday) => {
    expect(isoWeek(date)).toEqual({ year, week, monday });
  });

  it('keys a weekly digest by ISO week and a monthly one by month, counted in England', () => {
    // 23:30 UTC on Sunday 31 May 2026 is 00:30 on Monday 1 June in London (summer time).
    const now = new Date('2026-05-31T23:30:00Z');
    expect(periodOf('WEEKLY', now)).toEqual({
      key: '2026-W23',
      words: 'the week of 1 June 2026',
      dueFrom: '2026-06-01T06:00:00.000Z',
    });
    expect(periodOf('MONTHLY', now)).toEqual({
      key: '2026-06',
      words: 'June 2026',
      dueFrom: '2026-06-01T06:00:00.000Z',
    });
  });

  it('is due from 07:00 in England on the Monday or the 1st, and for the rest of the period', () => {
    // Winter: London is on UTC, so 07:00 there is 07:00Z.
    expect(duePeriod('WEEKLY', new Date('2026-11-30T06:59:59Z'))).toBeNull();
    expect(duePeriod('WEEKLY', new Date('2026-11-30T07:00:00Z'))?.key).toBe('2026-W49');
    expect(duePeriod('WEEKLY', new Date('2026-12-06T23:59:00Z'))?.key).toBe('2026-W49');
    expect(duePeriod('MONTHLY', new Date('2026-12-01T06:59:59Z'))).toBeNull();
    expect(duePeriod('MONTHLY', new Date('2026-12-01T07:00:00Z'))?.key).toBe('2026-12');
    expect(duePeriod('MONTHLY', new Date('2026-12-31T23:59:00Z'))?.key).toBe('2026-12');
    // Summer: 07:00 in London is 06:00Z.
    expect(duePeriod('MONTHLY', new Date('2026-07-01T05:59:59Z'))).toBeNull();
    expect(duePeriod('MONTHLY', new Date('2026-07-01T06:00:00Z'))?.key).toBe('2026-07');
  });

  it('writes dates as GOV.UK does', () => {
    expect(dateInWords('2026-03-01')).toBe('1 March 2026');
  });
});
