import { Injectable } from '@nestjs/common';
import { AccountActors } from '@app/access';
import type { Actor } from '@app/kernel';
import { AccountDirectory } from './account';
import { actorOfAccount } from './domain/account';

/** Who an account is now, for the access guard: read from the store at every request. */
@Injectable()
export class DirectoryAccountActors extends AccountActors {
  constructor(private readonly directory: AccountDirectory) {
    super();
  }

  /** The actor of an active account whose sessions were not ended since `signedInAt`. */
  async actorOf(accountId: string, signedInAt: number): Promise<Actor | null> {
    const account = await this.directory.byId(accountId);
    if (!account?.active) return null;
    if (account.sessionsEndedAt !== null && Date.parse(account.sessionsEndedAt) >= signedInAt) {
      return null;
    }
    return actorOfAccount(account);
  }
}
