import { Client, escapeIdentifier, escapeLiteral, type Pool } from 'pg';
import { openAccessPool } from '@app/access';
import type { Delivery } from '../domain/delivery';
import {
  DELIVERY_COLUMNS,
  type DeliveryLease,
  deliveryOfRow,
  type DeliveryRow,
  rowValuesOf,
  WebhookStore,
} from './webhook-store';

export interface PostgresWebhookStoreOptions {
  connectionString: string;
  /** The tokens' schema (DATABASE_SCHEMA), never the read models', which a rebuild replaces. */
  schema: string;
}

/**
 * Webhook secrets and deliveries in the tokens' PostgreSQL schema, shared by every API process.
 * One process delivers at a time: the one holding a session-level advisory lock on a connection
 * kept for it; when it dies the lock goes with its connection and another takes over.
 */
export class PostgresWebhookStore extends WebhookStore {
  private constructor(
    private readonly pool: Pool,
    private readonly options: PostgresWebhookStoreOptions,
    private readonly endpoints: string,
    private readonly log: string,
  ) {
    super();
  }

  static async open(options: PostgresWebhookStoreOptions): Promise<PostgresWebhookStore> {
    const schema = escapeIdentifier(options.schema);
    const [endpoints, log] = [`${schema}.webhook_endpoints`, `${schema}.webhook_deliveries`];
    const pool = await openAccessPool(options, 'webhook_deliveries', (client) =>
      createTables(client, endpoints, log),
    );
    return new PostgresWebhookStore(pool, options, endpoints, log);
  }

  async keepSecret(webhookId: string, secret: string): Promise<string> {
    await this.pool.query(
      `INSERT INTO ${this.endpoints} (webhook_id, secret) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [webhookId, secret],
    );
    return (await this.secretOf(webhookId))!;
  }

  async forgetSecret(webhookId: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.endpoints} WHERE webhook_id = $1`, [webhookId]);
  }

  async secretOf(webhookId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ secret: string }>(
      `SELECT secret FROM ${this.endpoints} WHERE webhook_id = $1`,
      [webhookId],
    );
    return rows[0]?.secret;
  }

  async cursorOf(webhookId: string): Promise<number | null> {
    // bigint comes back as text: positions stay far below 2^53.
    const { rows } = await this.pool.query<{ cursor: string | null }>(
      `SELECT cursor FROM ${this.endpoints} WHERE webhook_id = $1`,
      [webhookId],
    );
    const cursor = rows[0]?.cursor;
    return cursor === undefined || cursor === null ? null : Number(cursor);
  }

  async moveCursor(webhookId: string, position: number): Promise<void> {
    await this.pool.query(this.moveCursorSql, [webhookId, position]);
  }

  private get moveCursorSql(): string {
    return `UPDATE ${this.endpoints} SET cursor = GREATEST(coalesce(cursor, 0), $2) WHERE webhook_id = $1`;
  }

  async deliveryOf(webhookId: string, eventId: string): Promise<Delivery | undefined> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT * FROM ${this.log} WHERE webhook_id = $1 AND event_id = $2`,
      [webhookId, eventId],
    );
    return rows[0] && deliveryOfRow(rows[0]);
  }

  async record(webhookId: string, delivery: Delivery): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO ${this.log} (${DELIVERY_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (webhook_id, event_id) DO UPDATE SET
           outcome = excluded.outcome, attempts = excluded.attempts,
           status_code = excluded.status_code, last_error = excluded.last_error,
           last_attempt_at = excluded.last_attempt_at, next_attempt_at = excluded.next_attempt_at`,
        rowValuesOf(webhookId, delivery),
      );
      if (delivery.outcome !== 'RETRYING')
        await client.query(this.moveCursorSql, [webhookId, delivery.position]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async deliveries(webhookId: string, first: number, before: number | null): Promise<Delivery[]> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT * FROM ${this.log} WHERE webhook_id = $1 AND position < $2
       ORDER BY position DESC LIMIT $3`,
      [webhookId, before ?? Number.MAX_SAFE_INTEGER, first],
    );
    return rows.map(deliveryOfRow);
  }

  async countDeliveries(webhookId: string): Promise<number> {
    const { rows } = await this.pool.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM ${this.log} WHERE webhook_id = $1`,
      [webhookId],
    );
    return rows[0].count;
  }

  async lease(): Promise<DeliveryLease | null> {
    const client = new Client({ connectionString: this.options.connectionString });
    let markLost = (): void => undefined;
    const lost = new Promise<void>((resolve) => (markLost = resolve));
    client.on('error', markLost);
    client.on('end', markLost);
    const key = `hashtextextended(${escapeLiteral(`${this.options.schema} webhook delivery`)}, 0)`;
    try {
      await client.connect();
      const { rows } = await client.query<{ acquired: boolean }>(
        `SELECT pg_try_advisory_lock(${key}) AS acquired`,
      );
      if (rows[0].acquired) {
        // Ending the session releases its advisory locks.
        return { lost, release: () => client.end().catch(() => undefined) };
      }
    } catch {
      // Unreachable now: the next try may do better.
    }
    await client.end().catch(() => undefined);
    return null;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The endpoints and the delivery log, made once by `openAccessPool` under the migration lock. */
async function createTables(
  client: { query(sql: string): Promise<unknown> },
  endpoints: string,
  log: string,
): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS ${endpoints} (
      webhook_id text PRIMARY KEY,
      secret text NOT NULL,
      cursor bigint
    )`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${log} (
      webhook_id text NOT NULL,
      event_id text NOT NULL,
      position bigint NOT NULL,
      stream_id text NOT NULL,
      event_type text NOT NULL,
      outcome text NOT NULL,
      attempts integer NOT NULL,
      status_code integer,
      last_error text,
      first_attempt_at text NOT NULL,
      last_attempt_at text NOT NULL,
      next_attempt_at text,
      PRIMARY KEY (webhook_id, event_id)
    )`);
  await client.query(
    `CREATE INDEX IF NOT EXISTS webhook_deliveries_order ON ${log} (webhook_id, position)`,
  );
}
