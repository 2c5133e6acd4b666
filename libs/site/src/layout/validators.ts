import { createHash } from 'crypto';

/**
 * Validators of a public page or download: what it shows changes only when the event store's
 * head moves (the read models follow it), when its URL asks for something else, or when the
 * site itself changes (a new version of its templates and styles).
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

export function validatorsOf(head: StoreHead, url: string, siteVersion: string): Validators {
  const digest = createHash('sha256')
    .update(`${siteVersion}\n${head.position}\n${url}`)
    .digest('base64url')
    .slice(0, 27);
  return {
    etag: `"${digest}"`,
    lastModified: head.recordedAt ? new Date(head.recordedAt).toUTCString() : null,
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
