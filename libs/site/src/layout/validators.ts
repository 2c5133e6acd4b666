import { createHash } from 'crypto';

/**
 * Validators of a public page or download: what it shows changes only when what it was built
 * from changes (see PageBasis), when its URL asks for something else, or when the site itself
 * changes (a new version of its templates and styles).
 */
export interface Validators {
  etag: string;
  /** An HTTP date: when the head's event was recorded. */
  lastModified: string | null;
}

export interface StoreHead {
  position: number;
  /** When the event at the head was recorded (ISO); null for an empty store. */
  recordedAt: string | null;
}

/**
 * What a page is built from, read before it is built. A page folds streams (up to the store's
 * head), reads read models (up to each one's checkpoint) and counts "overdue" against today.
 * Each read model's own checkpoint is named, rather than min(head, checkpoints): a checkpoint
 * moves only with its projection's streams, so the minimum would stay put while other streams
 * move on (and waiting for every projection to reach the head would never end). A page built
 * between an append and its projection so carries the ETag of the read models it read, which
 * changes once they catch up. Every part only moves forward, so an ETag that is current again
 * means that nothing moved between reading the basis and building the page (reading the
 * checkpoints drops answers held from before them: ReadModelDatabase.checkpoints).
 */
export interface PageBasis {
  head: StoreHead;
  /** Each read model's checkpoint, by projection name. */
  readModels: Readonly<Record<string, number>>;
  /** Today in England (YYYY-MM-DD): overdue counts move at midnight there. */
  today: string;
}

export function validatorsOf(basis: PageBasis, url: string, siteVersion: string): Validators {
  const readModels = Object.entries(basis.readModels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, position]) => `${name}=${position}`)
    .join(',');
  const digest = createHash('sha256')
    .update(`${siteVersion}\n${basis.head.position}\n${readModels}\n${basis.today}\n${url}`)
    .digest('base64url')
    .slice(0, 27);
  return {
    etag: `"${digest}"`,
    lastModified: basis.head.recordedAt ? new Date(basis.head.recordedAt).toUTCString() : null,
  };
}

/**
 * Whether an `If-None-Match` names this ETag (RFC 9110: a list, weak comparison, or `*`), so
 * that the answer is 304 Not Modified.
 */
export function isNotModified(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const given = (Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch).trim();
  if (given === '*') return true;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  return given.split(',').some((tag) => opaque(tag) === opaque(etag));
}
