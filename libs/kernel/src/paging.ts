import { InvalidInputError } from './domain-error';

/** Page sizes for cursor pagination. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** A page size for cursor pagination: 1 to 100, 20 when left out. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new InvalidInputError('first', 'between1And100', 'first must be between 1 and 100');
  }
  return size;
}

/**
 * Where a page stands in its list, as the cursor connections specification (Relay) has it.
 * Pages are read forwards (first, after): items precede a page only when it starts after one.
 */
export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** The page info of a page whose items have these cursors, in order. */
export const pageInfoOf = (
  cursors: readonly string[],
  { hasNextPage, hasPreviousPage }: Pick<PageInfo, 'hasNextPage' | 'hasPreviousPage'>,
): PageInfo => ({
  hasNextPage,
  hasPreviousPage,
  startCursor: cursors[0] ?? null,
  endCursor: cursors.at(-1) ?? null,
});
