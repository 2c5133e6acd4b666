import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import type { Role } from '@app/kernel';
import { AccountDirectory } from './account';
import {
  Account,
  ACCOUNT_STREAM_PREFIX,
  accountStream,
  emailClaimStream,
  emailHolder,
  foldAccount,
} from './domain/account';

/**
 * Finds accounts in the event store: an id by its stream, an email by its claim. Read at
 * every call (through the stream cache, which re-reads whatever another process committed),
 * so a change on one API process is seen by the next request on any other.
 */
@Injectable()
export class StoreAccountDirectory extends AccountDirectory {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async byId(id: string): Promise<Account | null> {
    return foldAccount(id, await this.store.readStream(accountStream(id)));
  }

  async byEmail(email: string): Promise<Account | null> {
    const holder = emailHolder(await this.store.readStream(emailClaimStream(email)));
    return holder === null ? null : this.byId(holder);
  }

  /** Until the accounts read model exists, folded from every account's stream. */
  async list(filter: { role?: Role; active?: boolean } = {}): Promise<Account[]> {
    const ids = new Set<string>();
    for (const event of await this.store.readAll({ streamPrefix: ACCOUNT_STREAM_PREFIX })) {
      if (event.type === 'AccountAdded')
        ids.add(event.streamId.slice(ACCOUNT_STREAM_PREFIX.length));
    }
    const accounts = await Promise.all([...ids].map((id) => this.byId(id)));
    return accounts
      .filter((account): account is Account => account !== null)
      .filter(
        (account) =>
          (filter.role === undefined || account.role === filter.role) &&
          (filter.active === undefined || account.active === filter.active),
      )
      .sort((a, b) => a.email.localeCompare(b.email));
  }
}
