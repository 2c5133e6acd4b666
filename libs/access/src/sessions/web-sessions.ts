import { createHash, randomBytes } from 'crypto';
import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';

/** A web session's own fields, beside the cookie settings @fastify/session keeps in it. */
declare module 'fastify' {
  interface Session {
    /** The account of a person signed in by email link or OpenID Connect. */
    accountId?: string;
    /** How they signed in: 'email' or 'oidc'. */
    signInMethod?: 'email' | 'oidc';
    /** Each form that changes anything carries a token derived from this (see csrf.ts in site). */
    csrfSecret?: string;
    /** Epoch milliseconds. */
    signedInAt?: number;
    lastSeenAt?: number;
    /** A one-time message for the next page (post, redirect, get). */
    notice?: string;
  }
}

/** How long a session lasts: idle, and in all from sign-in (SESSION_IDLE_SECONDS, SESSION_MAX_HOURS). */
export interface SessionLifetimes {
  idleMs: number;
  maxMs: number;
}

export const DEFAULT_SESSION_LIFETIMES: SessionLifetimes = {
  idleMs: 30 * 60_000,
  maxMs: 12 * 60 * 60_000,
};

/** The instant after which a session is gone, whatever the browser still holds. */
export function sessionExpiry(
  session: Pick<Session, 'signedInAt' | 'lastSeenAt'>,
  { idleMs, maxMs }: SessionLifetimes,
): number {
  const idleEnd = (session.lastSeenAt ?? 0) + idleMs;
  return session.signedInAt === undefined ? idleEnd : Math.min(idleEnd, session.signedInAt + maxMs);
}

/**
 * How stale a session's last-seen time may grow before it is written again: not on every page,
 * but often enough that a session in use never goes idle.
 */
export const lastSeenGranularityMs = ({ idleMs }: SessionLifetimes): number =>
  Math.min(60_000, idleMs / 10);

/** Sessions are found by a hash of their id, so a copy of the table signs no one in. */
export const sessionKey = (sessionId: string): string =>
  createHash('sha256').update(sessionId).digest('base64url');

/**
 * Web sessions held on the server, in the database of the access tokens (a SQLite file, or
 * PostgreSQL shared by every API process), in the shape @fastify/session's store takes. The
 * browser holds only the session's random id, in an HttpOnly cookie; expiry is decided here,
 * so a session ends at its time even if a browser keeps the cookie.
 */
export abstract class WebSessions implements SessionStore {
  constructor(readonly lifetimes: SessionLifetimes) {}

  set(sessionId: string, session: Session, callback: (error?: unknown) => void): void {
    this.settle(
      this.write(
        sessionKey(sessionId),
        JSON.stringify(session),
        sessionExpiry(session, this.lifetimes),
      ),
      callback,
    );
  }

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void {
    Promise.resolve(this.read(sessionKey(sessionId), Date.now())).then(
      (data) => callback(null, data === undefined ? null : (JSON.parse(data) as Session)),
      (error: unknown) => callback(error),
    );
  }

  destroy(sessionId: string, callback: (error?: unknown) => void): void {
    this.settle(this.remove(sessionKey(sessionId)), callback);
  }

  /**
   * The key that signs the session cookie, made once and kept in the database, so every API
   * process reading these sessions accepts the same cookies.
   */
  async signingSecret(): Promise<string> {
    return this.keepSecret(randomBytes(32).toString('base64url'));
  }

  abstract close(): Promise<void> | void;

  /** The session's JSON if it has not expired by `now` (epoch ms). */
  protected abstract read(
    key: string,
    now: number,
  ): Promise<string | undefined> | string | undefined;

  /** Stores the session, and forgets sessions already expired. */
  protected abstract write(key: string, data: string, expiresAt: number): Promise<void> | void;

  protected abstract remove(key: string): Promise<void> | void;

  /** Stores `candidate` unless a secret is already kept; returns the one kept. */
  protected abstract keepSecret(candidate: string): Promise<string> | string;

  private settle(work: Promise<void> | void, callback: (error?: unknown) => void): void {
    Promise.resolve(work).then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }
}
