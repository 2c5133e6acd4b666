import { escapeIdentifier, Pool } from 'pg';
import { inLockedTransaction, schemaMigrationLockKey } from '@app/event-store';
import type { PostgresTokenRegisterOptions } from './postgres-token-register';

/**
 * A pool on the tokens' schema with its tables made: `create` runs (under the schema's
 * migration lock, the schema made first) unless `probe`, the last table it makes, is there.
 */
export async function openAccessPool(
  options: PostgresTokenRegisterOptions,
  probe: string,
  create: (client: { query(sql: string): Promise<unknown> }, schema: string) => Promise<void>,
  max = 4,
): Promise<Pool> {
  const pool = new Pool({ connectionString: options.connectionString, max });
  pool.on('error', () => undefined); // an idle connection lost: the pool replaces it
  const schema = escapeIdentifier(options.schema);
  try {
    const { rows } = await pool.query<{ table: string | null }>('SELECT to_regclass($1) AS table', [
      `${schema}.${probe}`,
    ]);
    if (rows[0].table === null) {
      await inLockedTransaction(pool, schemaMigrationLockKey(options.schema), async (client) => {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await create(client, schema);
      });
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}
