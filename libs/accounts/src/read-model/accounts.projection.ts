import { integerKey, Projection, RecordedEvent } from '@app/event-store';
import {
  Account,
  ACCOUNT_STREAM_PREFIX,
  EMAIL_CLAIM_STREAM_PREFIX,
  evolveAccount,
} from '../domain/account';

/**
 * One row per account, with the columns lists filter on and the folded account as JSON, by
 * the domain's own evolve. The claims on emails share the streams' prefix and are skipped.
 */
export const accountsProjection: Projection = {
  name: 'accounts',
  tables: ['accounts'],
  streamPrefix: ACCOUNT_STREAM_PREFIX,
  indexes: [
    'CREATE INDEX IF NOT EXISTS accounts_by_email ON accounts (email)',
    'CREATE INDEX IF NOT EXISTS accounts_by_role ON accounts (role, email)',
  ],

  setup: (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS accounts (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        role TEXT NOT NULL,
        active INTEGER NOT NULL,
        position ${integerKey(db)} NOT NULL,
        state TEXT NOT NULL
      )`),

  async apply(db, event: RecordedEvent): Promise<void> {
    if (event.streamId.startsWith(EMAIL_CLAIM_STREAM_PREFIX)) return;
    const id = event.streamId.slice(ACCOUNT_STREAM_PREFIX.length);
    const row = await db.get<{ state: string }>('SELECT state FROM accounts WHERE id = ?', [id]);
    const account = evolveAccount(row ? (JSON.parse(row.state) as Account) : null, id, event);
    if (!account) return;
    await db.run(
      `INSERT INTO accounts (id, email, role, active, position, state) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET email = excluded.email, role = excluded.role,
         active = excluded.active, position = excluded.position, state = excluded.state`,
      [
        id,
        account.email,
        account.role,
        account.active ? 1 : 0,
        event.position,
        JSON.stringify(account),
      ],
    );
  },
};
