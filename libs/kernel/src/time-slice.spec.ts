import { dayOf, happenedBy, recordedBy, timeSliceOf } from './time-slice';

describe('time slices', () => {
  it('reads dates as the end of the day and instants as given, in UTC', () => {
    expect(timeSliceOf('2024-03-01', '2024-01-01T09:30:00+01:00')).toEqual({
      asOf: '2024-03-01T23:59:59.999Z',
      validAt: '2024-01-01T08:30:00.000Z',
    });
    expect(timeSliceOf(null, undefined)).toEqual({ asOf: null, validAt: null });
  });

  it('refuses what is not a real date or instant, naming the field', () => {
    for (const bad of ['2024-02-30', 'yesterday', '2024-1-1', '2024-01-01T25:00:00Z']) {
      expect(() => timeSliceOf(bad)).toThrow(
        expect.objectContaining({ details: { field: 'asOf', rule: 'isoDateOrInstant' } }),
      );
    }
    expect(() => timeSliceOf(null, 'soon')).toThrow(
      expect.objectContaining({ details: { field: 'validAt', rule: 'isoDateOrInstant' } }),
    );
  });

  it('filters on system time and on business time, and names the day a slice looks at', () => {
    const slice = timeSliceOf('2024-03-01', '2024-01-01');
    expect(recordedBy(slice)({ recordedAt: '2024-03-01T12:00:00.000Z' })).toBe(true);
    expect(recordedBy(slice)({ recordedAt: '2024-03-02T00:00:00.000Z' })).toBe(false);
    expect(happenedBy(slice, '2024-01-01T00:00:00.000Z')).toBe(true);
    expect(happenedBy(slice, '2024-01-02T00:00:00.000Z')).toBe(false);
    expect(dayOf(slice, new Date('2026-11-23T00:00:00Z'))).toBe('2024-01-01');
    expect(dayOf(timeSliceOf('2024-03-01'), new Date('2026-11-23T00:00:00Z'))).toBe('2024-03-01');
    expect(dayOf(timeSliceOf(), new Date('2026-11-23T10:00:00Z'))).toBe('2026-11-23');
  });

  it('a date is a date in England: in British Summer Time its day ends at 23:00 UTC', () => {
    expect(timeSliceOf('2026-06-15', '2026-06-15')).toEqual({
      asOf: '2026-06-15T22:59:59.999Z',
      validAt: '2026-06-15T22:59:59.999Z',
    });
    expect(dayOf(timeSliceOf(null, '2026-06-15'), new Date())).toBe('2026-06-15');
    expect(dayOf(timeSliceOf(null, '2026-06-15T23:30:00Z'), new Date())).toBe('2026-06-16');
    expect(dayOf(timeSliceOf(), new Date('2026-06-15T23:30:00Z'))).toBe('2026-06-16');
    // The day the clocks go back has 25 hours.
    expect(timeSliceOf('2026-10-25').asOf).toBe('2026-10-25T23:59:59.999Z');
    expect(timeSliceOf('2026-10-24').asOf).toBe('2026-10-24T22:59:59.999Z');
  });
});
