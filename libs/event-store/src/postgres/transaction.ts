import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in a READ COMMITTED transaction on one pooled connection, after taking the
 * transaction-scoped advisory lock `lockKey` (an SQL expression), in the same round trip as
 * BEGIN. Read committed is asked for, whatever the server's default, because each statement
 * must see what the lock's previous holder committed: a repeatable-read snapshot would be
 * taken by the locking statement, before the wait.
 */
export async function inLockedTransaction<T>(
  pool: Pool,
  lockKey: string,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(
      `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(${lockKey})`,
    );
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    const rolledBack = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    // A connection that cannot even roll back is broken: the pool replaces it.
    client.release(!rolledBack);
    throw error;
  }
}
