import type { Actor } from '@app/kernel';

/**
 * The `signedInAt` a bearer token passes to `actorOf`: later than any ending of sessions, so an
 * admin's "end all sessions" leaves a person's API tokens working (sessions are the browser's;
 * a token is revoked, or its account deactivated, to stop it).
 */
export const TOKEN_SIGNED_IN_AT = Number.MAX_SAFE_INTEGER;

/**
 * Who an account is now, as the accounts context answers it (implemented there, so that access
 * does not depend on it): the actor of an active account, or null when the account is unknown,
 * deactivated, or had its sessions ended at or after `signedInAt` (ms since the epoch;
 * TOKEN_SIGNED_IN_AT for a bearer token). It reads what every API process has committed, never
 * a cache that another process's deactivation would leave stale, so a deactivated account can
 * do nothing from the next request on.
 */
export abstract class AccountActors {
  abstract actorOf(accountId: string, signedInAt: number): Promise<Actor | null>;
}
