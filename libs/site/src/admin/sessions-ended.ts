import type { FastifyRequest } from 'fastify';
import type { SecurityLog } from '@app/access';
import type { Account } from '@app/accounts';
import type { Actor } from '@app/kernel';

/** Records in the security log that an admin ended every session of the account, and how. */
export const recordSessionsEnded = (
  log: SecurityLog,
  {
    account,
    actor,
    request,
    reason,
  }: {
    account: Account;
    actor: Actor;
    request: FastifyRequest;
    reason?: string;
  },
): Promise<void> =>
  log.record({
    kind: 'SESSIONS_ENDED',
    method: null,
    accountId: account.id,
    email: account.email,
    clientAddress: request.ip,
    detail: reason ? `ended by ${actor.name}: ${reason}` : `ended by ${actor.name}`,
  });
