import { randomBytes } from 'crypto';

/**
 * Where a person's digest for a period stands: claimed by a process that is sending it, sent,
 * or looked at and found with nothing to report (no mail, and none later in the period).
 */
export type DigestState = 'CLAIMED' | 'SENT' | 'NOTHING_TO_REPORT';

export interface DigestRecord {
  accountId: string;
  /** `2026-W49` or `2026-12`. */
  period: string;
  /** SHA-256 (hex) of the digest's canonical content, as last claimed. */
  contentHash: string;
  state: DigestState;
  /** The process holding the claim, while it is claimed. */
  claimedBy: string | null;
  /** Epoch ms after which another process may take the claim over. */
  claimedUntil: number | null;
  /** ISO 8601, once sent or found with nothing to report. */
  settledAt: string | null;
  /** The same for every attempt at one person's digest for one period. */
  messageId: string;
  /** 1, then one more each time a claim was taken over (its holder died or stalled). */
  attempts: number;
}

export interface DigestClaim {
  accountId: string;
  period: string;
  contentHash: string;
  messageId: string;
  /** Who claims: one id per process. */
  claimant: string;
  /** Epoch ms. */
  now: number;
  /** Epoch ms: the claim's end, after which another process may take it over. */
  until: number;
}

/**
 * The record of digests, kept where the tokens and sessions are (`access.sqlite`, or the
 * tokens' PostgreSQL schema, shared by every API process; never the read models' schema, which
 * `tracker rebuild` replaces): one row per person and period. A process claims the row before
 * sending (inserted if absent, or taken over once an earlier claim has expired), sends, then
 * settles it; a row sent or settled is never claimed again, so no two processes, and no process
 * after a restart, send a person's digest for a period twice, but for the crash window between
 * the SMTP server's acceptance and the settling (RELIABILITY.md).
 */
export abstract class DigestsSent {
  /** The claim's attempt number (1, or more after a takeover), or null if it is not ours to send. */
  abstract claim(claim: DigestClaim): Promise<number | null>;

  /** Settles our claim; false if another process took it over meanwhile (ours had expired). */
  abstract settle(settlement: {
    accountId: string;
    period: string;
    claimant: string;
    state: Exclude<DigestState, 'CLAIMED'>;
    at: string;
  }): Promise<boolean>;

  abstract find(accountId: string, period: string): Promise<DigestRecord | null>;

  private secret: Promise<string> | null = null;

  /**
   * The key of the one-click unsubscribe links, made once and kept in the database, so every
   * process makes and accepts the same links, across restarts. It never changes once kept, so
   * each process reads it once.
   */
  unsubscribeSecret(): Promise<string> {
    this.secret ??= this.keepSecret(randomBytes(32).toString('base64url')).catch(
      (error: unknown) => {
        this.secret = null;
        throw error;
      },
    );
    return this.secret;
  }

  /** Stores `candidate` unless a secret is already kept; returns the one kept. */
  protected abstract keepSecret(candidate: string): Promise<string>;

  abstract close(): Promise<void> | void;
}

/** A row as both databases return it (PostgreSQL's bigint comes back as a string). */
export interface DigestRow {
  account_id: string;
  period: string;
  content_hash: string;
  state: DigestState;
  claimed_by: string | null;
  claimed_until: number | string | null;
  settled_at: string | null;
  message_id: string;
  attempts: number;
}

export const recordOf = (row: DigestRow): DigestRecord => ({
  accountId: row.account_id,
  period: row.period,
  contentHash: row.content_hash,
  state: row.state,
  claimedBy: row.claimed_by,
  claimedUntil: row.claimed_until === null ? null : Number(row.claimed_until),
  settledAt: row.settled_at,
  messageId: row.message_id,
  attempts: row.attempts,
});

/**
 * The claim, in SQL both databases run (`$n` parameters are rewritten for SQLite): a new row,
 * or an expired claim taken over; a row sent or settled, or claimed by another still, is left.
 */
export const CLAIM_SQL = (table: string): string => `
  INSERT INTO ${table}
    (account_id, period, content_hash, state, claimed_by, claimed_until, message_id, attempts)
  VALUES ($1, $2, $3, 'CLAIMED', $4, $5, $6, 1)
  ON CONFLICT (account_id, period) DO UPDATE SET
    content_hash = excluded.content_hash,
    claimed_by = excluded.claimed_by,
    claimed_until = excluded.claimed_until,
    attempts = ${table}.attempts + 1
  WHERE ${table}.state = 'CLAIMED' AND ${table}.claimed_until <= $7
  RETURNING attempts`;

export const SETTLE_SQL = (table: string): string => `
  UPDATE ${table} SET state = $1, settled_at = $2, claimed_by = NULL, claimed_until = NULL
  WHERE account_id = $3 AND period = $4 AND claimed_by = $5 AND state = 'CLAIMED'`;

export const CREATE_SQL = (table: string, secrets: string, bigint: string): string[] => [
  `CREATE TABLE IF NOT EXISTS ${table} (
    account_id text NOT NULL,
    period text NOT NULL,
    content_hash text NOT NULL,
    state text NOT NULL CHECK (state IN ('CLAIMED', 'SENT', 'NOTHING_TO_REPORT')),
    claimed_by text,
    claimed_until ${bigint},
    settled_at text,
    message_id text NOT NULL,
    attempts integer NOT NULL,
    PRIMARY KEY (account_id, period)
  )`,
  `CREATE TABLE IF NOT EXISTS ${secrets} (
    only_row integer PRIMARY KEY CHECK (only_row = 1),
    secret text NOT NULL
  )`,
];
