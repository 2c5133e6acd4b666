import { Actor, assertRole, DomainError, ErrorCode, Role } from '@app/kernel';
import type { AccountCommand } from './decide';

/** Accounts say who may do what: only admins manage them (the CLI acts as an operator admin). */
export const MAY_MANAGE_ACCOUNTS = [Role.ADMIN] as const;

/** Refuses an actor who may not run this command on an account. Pure. */
export function authorize(actor: Actor, command: AccountCommand): void {
  // A person chooses how often they hear from the tracker (in the pages or by unsubscribing).
  if (command.kind === 'ChooseDigestFrequency' && command.accountId === actor.id) return;
  assertRole(actor, MAY_MANAGE_ACCOUNTS, command.kind);
  if (command.kind === 'DeactivateAccount' && command.accountId === actor.id) {
    // An admin locked out by their own hand would need another admin anyway.
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      'An admin may not deactivate their own account: ask another admin',
      { field: 'accountId' },
    );
  }
}
