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

/**
 * Opaque cursors for a list read on from a whole number (a position or an offset): `<name>:<n>`
 * in base64url. Decoding anything else is refused as the `after` the caller sent.
 */
export function numberedCursors(name: string) {
  const prefix = `${name}:`;
  return {
    encode: (n: number): string => Buffer.from(`${prefix}${n}`).toString('base64url'),
    decode(cursor: string): number {
      const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
      const n = Number(decoded.slice(prefix.length));
      if (!decoded.startsWith(prefix) || !Number.isSafeInteger(n) || n < 0) {
        throw new InvalidInputError(
          'after',
          'validCursor',
          'after is not a cursor this API gave out',
        );
      }
      return n;
    },
  };
}

/** One page of a list held whole, its cursors numbering the items. */
export interface OffsetPage<T> {
  items: { cursor: string; entry: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * The `first` entries after the cursor `after` (from the start when null) of a list computed
 * whole and sorted, so pages are stable while the list is.
 */
export function offsetPage<T>(
  entries: readonly T[],
  first: number,
  after: string | null,
  cursors: ReturnType<typeof numberedCursors>,
): OffsetPage<T> {
  const start = after ? cursors.decode(after) + 1 : 0;
  const items = entries
    .slice(start, start + first)
    .map((entry, index) => ({ cursor: cursors.encode(start + index), entry }));
  return {
    items,
    pageInfo: pageInfoOf(
      items.map((item) => item.cursor),
      {
        hasNextPage: start + first < entries.length,
        hasPreviousPage: start > 0 && entries.length > 0,
      },
    ),
    totalCount: entries.length,
  };
}
