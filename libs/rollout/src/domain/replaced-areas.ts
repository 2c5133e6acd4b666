import { DomainError, ErrorCode, type Succession } from '@app/kernel';

/** Whether, on `date`, the area had already been replaced; if so, by whom. */
export function replacementOn(
  succession: Succession | undefined | null,
  date: string,
): Succession | null {
  return succession && succession.effectiveFrom <= date ? succession : null;
}

/** Refuses a report about `date` for an area replaced by then, naming its successors. */
export function assertNotReplaced(
  succession: Succession | undefined | null,
  date: string,
  successorNames: (code: string) => string,
): void {
  const replaced = replacementOn(succession, date);
  if (!replaced) return;
  const names = replaced.successors.map((code) => `${successorNames(code)} (${code})`);
  throw new DomainError(
    ErrorCode.AREA_REPLACED,
    `${replaced.areaCode} was replaced on ${replaced.effectiveFrom} by ${names.join(' and ')}; report for the successor instead`,
    { field: 'areaCode', ...replaced },
  );
}
