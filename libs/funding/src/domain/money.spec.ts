import { formatPence, sumPence } from './money';

describe('money', () => {
  it('formats pence as pounds to the penny', () => {
    expect(formatPence(0)).toBe('£0.00');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(123_456_789)).toBe('£1,234,567.89');
  });

  it('adds pence exactly, and refuses a total past what a number holds', () => {
    expect(sumPence([10, 20, 1])).toBe(31);
    expect(sumPence([])).toBe(0);
    expect(() => sumPence([Number.MAX_SAFE_INTEGER, 1])).toThrow('too large');
  });
});
