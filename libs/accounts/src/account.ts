import type { Actor, Role } from '@app/kernel';

/** How often a person wants their digest of milestones; NONE after an unsubscribe. */
export enum DigestFrequency {
  WEEKLY = 'WEEKLY',
  MONTHLY = 'MONTHLY',
  NONE = 'NONE',
}

/** A person who signs in: folded from the account's own stream (`account-<id>`). */
export interface Account {
  /** A UUID, the id of the actor on every event the person writes. */
  id: string;
  /** Lower-cased; unique among accounts (claimed in its own stream). */
  email: string;
  name: string;
  role: Role;
  /** Who they work for, in words ("Lambeth Council", "Department for Education"). */
  organisation: string;
  /** ONS GSS codes a local authority officer reports for (one or more); [] for other roles. */
  areaCodes: string[];
  active: boolean;
  digest: DigestFrequency;
  /** When an admin last ended all the person's sessions (ISO 8601), if ever. */
  sessionsEndedAt: string | null;
  /** The stream's version, for expected versions. */
  version: number;
}

/** The actor an account acts as: its first area is the organisation recorded on events. */
export const actorOfAccount = (account: Account): Actor => ({
  id: account.id,
  name: account.name,
  role: account.role,
  organisation: account.areaCodes[0] ?? null,
  ...(account.areaCodes.length > 1 ? { areaCodes: [...account.areaCodes] } : {}),
});

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
