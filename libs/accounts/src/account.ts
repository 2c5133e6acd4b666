import type { Role } from '@app/kernel';
import type { Account } from './domain/account';

// The account and its actor are the domain's; they are exported from here as they always were.
export { actorOfAccount, DigestFrequency, type Account } from './domain/account';

/**
 * Finds accounts. `byId` and `byEmail` read the event store, so they see every process's
 * latest commit (sign-in and every request rely on that); `list` reads the read model.
 */
export abstract class AccountDirectory {
  abstract byId(id: string): Promise<Account | null>;
  /** Matched case-insensitively, after trimming. */
  abstract byEmail(email: string): Promise<Account | null>;
  /** Every account, by email; deactivated ones too unless `active` is given. */
  abstract list(filter?: { role?: Role; active?: boolean }): Promise<Account[]>;
}
