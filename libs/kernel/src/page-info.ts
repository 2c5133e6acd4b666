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
