import { govukDate, govukDateTime, govukTime } from './dates';

describe('GOV.UK dates and times', () => {
  it('writes a date as "4 December 2026", a business date as it is', () => {
    expect(govukDate('2026-12-04')).toBe('4 December 2026');
    expect(govukDate('2026-06-30')).toBe('30 June 2026');
  });

  it('puts an instant on its day in the UK, summer time included', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST); in winter London is on UTC.
    expect(govukDate('2026-06-30T23:30:00Z')).toBe('1 July 2026');
    expect(govukDate('2026-12-04T23:30:00Z')).toBe('4 December 2026');
  });

  it('writes times in the 12-hour clock, without ":00", and midday and midnight in words', () => {
    expect(govukTime('2026-12-04T14:05:00Z')).toBe('2:05pm');
    expect(govukTime('2026-12-04T10:00:00Z')).toBe('10am');
    expect(govukTime('2026-12-04T12:00:00Z')).toBe('midday');
    expect(govukTime('2026-12-04T00:00:00Z')).toBe('midnight');
    expect(govukTime('2026-12-04T00:30:00Z')).toBe('12:30am');
    expect(govukTime('2026-12-04T12:30:00Z')).toBe('12:30pm');
    // 13:05 UTC in July is 2:05pm in London.
    expect(govukTime('2026-07-01T13:05:00Z')).toBe('2:05pm');
  });

  it('joins them as "2:05pm on 4 December 2026", never with "UTC" or an ISO form', () => {
    expect(govukDateTime('2026-12-04T14:05:00Z')).toBe('2:05pm on 4 December 2026');
    expect(govukDateTime(new Date('2026-06-30T23:30:00Z'))).toBe('12:30am on 1 July 2026');
  });

  it('refuses what is not a date', () => {
    expect(() => govukDate('soon')).toThrow(RangeError);
  });
});
