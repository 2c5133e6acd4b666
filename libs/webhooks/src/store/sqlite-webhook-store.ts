import type Database from 'better-sqlite3';
import { openAccessDatabase } from '@app/access';
import type { Delivery } from '../domain/delivery';
import {
  DELIVERY_COLUMNS,
  type DeliveryLease,
  deliveryOfRow,
  type DeliveryRow,
  rowValuesOf,
  WebhookStore,
} from './webhook-store';

/** Webhook secrets and deliveries in tables of `access.sqlite`, beside the tokens: one process. */
export class SqliteWebhookStore extends WebhookStore {
  private readonly db: Database.Database;

  constructor(filename: string) {
    super();
    this.db = openAccessDatabase(filename);
    this.db.exec(`CREATE TABLE IF NOT EXISTS webhook_endpoints (
        webhook_id TEXT PRIMARY KEY,
        secret TEXT NOT NULL,
        cursor INTEGER
      );
      CREATE TABLE IF NOT EXISTS webhook_deliveries (
        webhook_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        stream_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        outcome TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        status_code INTEGER,
        last_error TEXT,
        first_attempt_at TEXT NOT NULL,
        last_attempt_at TEXT NOT NULL,
        next_attempt_at TEXT,
        PRIMARY KEY (webhook_id, event_id)
      );
      CREATE INDEX IF NOT EXISTS webhook_deliveries_order ON webhook_deliveries (webhook_id, position)`);
  }

  keepSecret(webhookId: string, secret: string): string {
    this.db
      .prepare(
        'INSERT INTO webhook_endpoints (webhook_id, secret) VALUES (?, ?) ON CONFLICT DO NOTHING',
      )
      .run(webhookId, secret);
    return this.secretOf(webhookId)!;
  }

  forgetSecret(webhookId: string): void {
    this.db.prepare('DELETE FROM webhook_endpoints WHERE webhook_id = ?').run(webhookId);
  }

  secretOf(webhookId: string): string | undefined {
    return this.db
      .prepare('SELECT secret FROM webhook_endpoints WHERE webhook_id = ?')
      .pluck()
      .get(webhookId) as string | undefined;
  }

  cursorOf(webhookId: string): number | null {
    return (this.db
      .prepare('SELECT cursor FROM webhook_endpoints WHERE webhook_id = ?')
      .pluck()
      .get(webhookId) ?? null) as number | null;
  }

  moveCursor(webhookId: string, position: number): void {
    this.db
      .prepare(
        'UPDATE webhook_endpoints SET cursor = max(coalesce(cursor, 0), ?) WHERE webhook_id = ?',
      )
      .run(position, webhookId);
  }

  deliveryOf(webhookId: string, eventId: string): Delivery | undefined {
    const row = this.db
      .prepare(`SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND event_id = ?`)
      .get(webhookId, eventId) as DeliveryRow | undefined;
    return row && deliveryOfRow(row);
  }

  record(webhookId: string, delivery: Delivery): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO webhook_deliveries (${DELIVERY_COLUMNS})
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...rowValuesOf(webhookId, delivery));
      if (delivery.outcome !== 'RETRYING') this.moveCursor(webhookId, delivery.position);
    })();
  }

  deliveries(webhookId: string, first: number, before: number | null): Delivery[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND position < ?
         ORDER BY position DESC LIMIT ?`,
      )
      .all(webhookId, before ?? Number.MAX_SAFE_INTEGER, first) as DeliveryRow[];
    return rows.map(deliveryOfRow);
  }

  countDeliveries(webhookId: string): number {
    return this.db
      .prepare('SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ?')
      .pluck()
      .get(webhookId) as number;
  }

  /** One process has the SQLite files: it always holds the lease. */
  lease(): Promise<DeliveryLease> {
    return Promise.resolve({ lost: new Promise<void>(() => undefined), release: async () => {} });
  }

  close(): void {
    this.db.close();
  }
}
