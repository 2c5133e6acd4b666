const POUNDS = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'GBP',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** Pence as pounds to the penny ("£1,234.56"): grant totals must add up exactly on the page. */
export const formatPence = (pence: number): string => POUNDS.format(pence / 100);

/** The sum of whole pence, refusing to round silently past what a number holds exactly. */
export function sumPence(amounts: readonly number[]): number {
  const total = amounts.reduce((sum, amount) => sum + amount, 0);
  if (!Number.isSafeInteger(total))
    throw new Error(`A total of ${total} pence is too large to add up exactly`);
  return total;
}
