import type { FastifyRequest } from 'fastify';

/**
 * Starts a person's session once a sign-in route has proved who they are: under a new session
 * id (one planted in the browser beforehand is worth nothing), keeping only the account's id;
 * who the account is, and whether it may still act, is asked on every request.
 */
export async function startAccountSession(
  request: FastifyRequest,
  accountId: string,
  method: 'email' | 'oidc',
): Promise<void> {
  await request.session.regenerate();
  const now = Date.now();
  request.session.accountId = accountId;
  request.session.signInMethod = method;
  request.session.signedInAt = now;
  request.session.lastSeenAt = now;
}
