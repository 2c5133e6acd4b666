import { createHash, randomBytes } from 'crypto';

/** Why a link followed signs no one in, in the words the page uses. */
export type LinkRefusal = 'unknown' | 'used' | 'expired';

export type LinkOutcome = { accountId: string } | { refused: LinkRefusal };

/** What the link's table holds of one link: never the token, only its hash. */
export interface StoredLink {
  accountId: string;
  expiresAt: number;
  usedAt: number | null;
}

/** Links are found by a hash of their token, so a copy of the table signs no one in. */
export const linkKey = (token: string): string =>
  createHash('sha256').update(token).digest('base64url');

/** 32 random bytes: 256 bits, far beyond guessing in a link's few minutes. */
const TOKEN_BYTES = 32;

/** Kept a day past expiry, so that following an old link says "used" or "expired", not "unknown". */
export const KEPT_AFTER_EXPIRY_MS = 24 * 60 * 60_000;

/** Why a link that was not consumed was refused: it was used, its time is up, or it never was. */
export function refusalOf(link: StoredLink | undefined, now: number): LinkRefusal {
  if (!link) return 'unknown';
  if (link.usedAt !== null) return 'used';
  return link.expiresAt <= now ? 'expired' : 'unknown';
}

/**
 * One-time sign-in links, kept with the tokens and sessions (a SQLite file, or PostgreSQL
 * shared by every API process): each for one account, for `lifetimeMs`, used once. Consuming
 * is one conditional update, so two processes following the same link at once start one
 * session between them.
 */
export abstract class SignInLinks {
  constructor(readonly lifetimeMs: number) {}

  /** A new link's token for the account, to put in the mail; only its hash is kept. */
  async issue(accountId: string, now = Date.now()): Promise<string> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    await this.insert(linkKey(token), accountId, now + this.lifetimeMs, now);
    return token;
  }

  /** The account the link signs in, once only and within its time; else why not. */
  async consume(token: string, now = Date.now()): Promise<LinkOutcome> {
    const key = linkKey(token);
    const accountId = await this.markUsed(key, now);
    if (accountId !== undefined) return { accountId };
    return { refused: refusalOf(await this.find(key), now) };
  }

  abstract close(): Promise<void> | void;

  /** Stores a link, and forgets those expired more than a day before `now`. */
  protected abstract insert(
    key: string,
    accountId: string,
    expiresAt: number,
    now: number,
  ): Promise<void> | void;

  /** Marks the link used if it is unused and unexpired at `now`, answering its account; atomic. */
  protected abstract markUsed(
    key: string,
    now: number,
  ): Promise<string | undefined> | string | undefined;

  protected abstract find(key: string): Promise<StoredLink | undefined> | StoredLink | undefined;
}
