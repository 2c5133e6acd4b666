import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in a READ COMMITTED transaction on one pooled connection, after taking the
 * transaction-scoped advisory lock `lockKey` (an SQL expression), in the same round trip as
 * BEGIN. Read committed is asked for, whatever the server's default, because each statement
 * must see what the lock's previous holder committed: a repeatable-read snapshot would be
 * taken by the locking statement, before the wait.
 */
export function inLockedTransaction<T>(
  pool: Pool,
  lockKey: string,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  return inTransaction(
    pool,
    `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(${lockKey})`,
    work,
  );
}

/** Runs `work` in a transaction that `begin` opens (BEGIN and whatever else it says). */
export async function inTransaction<T>(
  pool: Pool,
  begin: string,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
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
