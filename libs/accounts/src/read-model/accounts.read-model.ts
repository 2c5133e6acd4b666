import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  EventStore,
  ProjectionReadModel,
  ReadModelDatabase,
  SqlValue,
} from '@app/event-store';
import type { Role } from '@app/kernel';
import { RUN_PROJECTIONS } from '@app/platform';
import type { Account } from '../domain/account';
import { accountsProjection } from './accounts.projection';

export interface AccountFilter {
  role?: Role | null;
  active?: boolean | null;
}

/** Accounts as an admin lists them, from the SQL read model. */
@Injectable()
export class AccountsReadModel extends ProjectionReadModel {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    database: ReadModelDatabase,
    @Inject(RUN_PROJECTIONS) runsProjection: boolean,
  ) {
    super(store, database, accountsProjection, runsProjection);
  }

  /** The accounts that match, by email. */
  async list(filter: AccountFilter = {}): Promise<Account[]> {
    const conditions: string[] = [];
    const params: SqlValue[] = [];
    if (filter.role) {
      conditions.push('role = ?');
      params.push(filter.role);
    }
    if (typeof filter.active === 'boolean') {
      conditions.push('active = ?');
      params.push(filter.active ? 1 : 0);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.database.sql.all<{ state: string }>(
      `SELECT state FROM accounts ${where} ORDER BY email`,
      params,
    );
    return rows.map((row) => JSON.parse(row.state) as Account);
  }
}
