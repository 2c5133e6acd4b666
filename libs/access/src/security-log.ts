/** What the security log records: each sign-in, sign-out and refusal, for admins to read. */
export type SecurityEventKind =
  | 'SIGN_IN_LINK_SENT'
  | 'SIGNED_IN'
  | 'SIGNED_OUT'
  | 'SIGN_IN_REFUSED'
  | 'RATE_LIMITED'
  | 'SESSIONS_ENDED'
  | 'TOKEN_CREATED'
  | 'TOKEN_REVOKED';

export interface SecurityEvent {
  kind: SecurityEventKind;
  /** How: 'email', 'oidc', 'token'. */
  method: string | null;
  /** The account concerned, when one is known. */
  accountId: string | null;
  /** The email given, lower-cased (a refused one too: attempts on unknown emails matter). */
  email: string | null;
  /** The client's address as the server saw it (behind a proxy, as trusted). */
  clientAddress: string | null;
  /** Why, in words, for a refusal ("no account has this email", "the link has expired"). */
  detail: string | null;
}

export interface SecurityLogEntry extends SecurityEvent {
  id: number;
  /** ISO 8601. */
  at: string;
}

/**
 * The security log, kept with the tokens and sessions (a SQLite file, or PostgreSQL shared by
 * every API process). Not events: it records attempts, most of which change nothing.
 */
export abstract class SecurityLog {
  abstract record(event: SecurityEvent): Promise<void>;
  /** The newest first, before the entry `before` (an id) when paging. */
  abstract list(options: {
    limit: number;
    before?: number;
    accountId?: string;
    /** The email given, in any case. */
    email?: string;
  }): Promise<SecurityLogEntry[]>;

  /** Lets go of the database, when the app stops. */
  close(): Promise<void> | void {}
}
