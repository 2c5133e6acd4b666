import type { Delivery } from '../domain/delivery';

/** The right to deliver, held by one process at a time; lost with its connection. */
export interface DeliveryLease {
  lost: Promise<void>;
  release(): Promise<void>;
}

/** A delivery as stored, whichever the database. */
export interface DeliveryRow {
  event_id: string;
  position: number;
  stream_id: string;
  event_type: string;
  outcome: Delivery['outcome'];
  attempts: number;
  status_code: number | null;
  last_error: string | null;
  first_attempt_at: string;
  last_attempt_at: string;
  next_attempt_at: string | null;
}

export const deliveryOfRow = (row: DeliveryRow): Delivery => ({
  eventId: row.event_id,
  position: Number(row.position),
  streamId: row.stream_id,
  eventType: row.event_type,
  outcome: row.outcome,
  attempts: row.attempts,
  statusCode: row.status_code,
  lastError: row.last_error,
  firstAttemptAt: row.first_attempt_at,
  lastAttemptAt: row.last_attempt_at,
  nextAttemptAt: row.next_attempt_at,
});

export const rowValuesOf = (webhookId: string, delivery: Delivery) => [
  webhookId,
  delivery.eventId,
  delivery.position,
  delivery.streamId,
  delivery.eventType,
  delivery.outcome,
  delivery.attempts,
  delivery.statusCode,
  delivery.lastError,
  delivery.firstAttemptAt,
  delivery.lastAttemptAt,
  delivery.nextAttemptAt,
];

/** The columns of `webhook_deliveries`, in the order of `rowValuesOf`. */
export const DELIVERY_COLUMNS =
  'webhook_id, event_id, position, stream_id, event_type, outcome, attempts, status_code, last_error, first_attempt_at, last_attempt_at, next_attempt_at';

/**
 * The webhooks' signing secrets and their delivery state (each endpoint's cursor over the global
 * order and its delivery log), where the tokens are: `access.sqlite`, or the tokens' PostgreSQL
 * schema. Never in the events, which auditors read, nor in the read models, which a rebuild
 * replaces: what was delivered must survive both. Implementations may answer synchronously
 * (SQLite) or not (PostgreSQL); callers always await.
 */
export abstract class WebhookStore {
  /**
   * Keeps a new webhook's secret, unless one is kept for it already (a retry of its
   * registration); answers the one kept. Its cursor is unset until its first delivery.
   */
  abstract keepSecret(webhookId: string, secret: string): Promise<string> | string;

  /** Forgets the secret of a registration that was refused. */
  abstract forgetSecret(webhookId: string): Promise<void> | void;

  abstract secretOf(webhookId: string): Promise<string | undefined> | string | undefined;

  /** The position up to which every event was settled (delivered, given up or not matching). */
  abstract cursorOf(webhookId: string): Promise<number | null> | number | null;

  /** Moves the cursor forward (never back) to `position`. */
  abstract moveCursor(webhookId: string, position: number): Promise<void> | void;

  abstract deliveryOf(
    webhookId: string,
    eventId: string,
  ): Promise<Delivery | undefined> | Delivery | undefined;

  /** Records an attempt; one settled (delivered or failed) moves the cursor past its event, at once. */
  abstract record(webhookId: string, delivery: Delivery): Promise<void> | void;

  /** The delivery log, newest first, before a position (null: from the newest). */
  abstract deliveries(
    webhookId: string,
    first: number,
    before: number | null,
  ): Promise<Delivery[]> | Delivery[];

  abstract countDeliveries(webhookId: string): Promise<number> | number;

  /** The lease to deliver; null while another process holds it. */
  abstract lease(): Promise<DeliveryLease | null>;

  abstract close(): Promise<void> | void;
}
