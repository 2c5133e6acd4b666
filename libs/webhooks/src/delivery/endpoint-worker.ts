import type { Logger } from '@nestjs/common';
import { subjectsOf } from '@app/audit';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { afterAttempt, type AttemptResult, deliveryBody, matches } from '../domain/delivery';
import { deliveryHeaders } from '../signature';
import { postDelivery, RefusedAddressError, type Resolve } from './outbound-request';
import type { WebhookStore } from '../store/webhook-store';
import type { RegisteredWebhook } from '../webhook-register';

/** An endpoint that has not answered by then has failed the attempt. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Events read past the cursor at a time. */
const PAGE = 200;
/** With nothing to deliver, the worker looks again after this even if nobody wakes it. */
const IDLE_MS = 2000;

export interface WorkerDeps {
  events: EventStore;
  webhooks: WebhookStore;
  retryBaseMs: number;
  /** Loopback addresses are reached (development and test only). */
  loopbackAllowed: boolean;
  /** How hosts are resolved before each connection (a test's stand-in, else DNS). */
  resolve?: Resolve;
  logger: Logger;
}

/**
 * Delivers to one endpoint, in the global order, one event at a time: an event is retried until
 * it is delivered or given up before the next is tried, so each stream's order is kept. Every
 * endpoint has a worker of its own, so a failing one holds up no other.
 */
export class EndpointWorker {
  private stopped = false;
  private wakeUp: () => void = () => undefined;
  private readonly abort = new AbortController();
  private readonly done: Promise<void>;

  constructor(
    private registered: RegisteredWebhook,
    private readonly deps: WorkerDeps,
  ) {
    this.done = this.run();
  }

  /** The webhook's settings changed: the next event is matched by the new ones. */
  update(registered: RegisteredWebhook): void {
    this.registered = registered;
  }

  /** New events may be there. */
  wake(): void {
    this.wakeUp();
  }

  /** Stops at once; an attempt under way is abandoned unrecorded and made again later. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.wakeUp();
    await this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let waitMs: number;
      try {
        waitMs = await this.step();
      } catch (error) {
        this.deps.logger.warn({
          msg: 'webhook delivery paused after an error',
          webhookId: this.registered.webhook.id,
          error: (error as Error).message,
        });
        waitMs = IDLE_MS;
      }
      if (waitMs > 0 && !this.stopped) await this.pause(waitMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Settles the next event past the cursor, or says how long to wait; 0: go on at once. */
  private async step(): Promise<number> {
    const { webhook, registeredAt } = this.registered;
    const { events, webhooks } = this.deps;
    const secret = await webhooks.secretOf(webhook.id);
    if (!secret) return IDLE_MS; // a registration whose secret was not kept writes nothing
    const cursor = (await webhooks.cursorOf(webhook.id)) ?? registeredAt;
    const page = await events.readAll({ after: cursor, maxCount: PAGE });
    if (page.length === 0) return IDLE_MS;
    const next = page.findIndex((event) =>
      matches(webhook, event.type, subjectsOf(event.streamId)),
    );
    if (next === -1) {
      await webhooks.moveCursor(webhook.id, page[page.length - 1].position);
      return 0;
    }
    if (next > 0) await webhooks.moveCursor(webhook.id, page[next - 1].position);
    const event = page[next];
    const previous = await webhooks.deliveryOf(webhook.id, event.eventId);
    const dueInMs = previous?.nextAttemptAt ? Date.parse(previous.nextAttemptAt) - Date.now() : 0;
    if (dueInMs > 0) return dueInMs;
    const result = await this.attempt(event, webhook.url, secret);
    if (this.stopped) return 0;
    const delivery = afterAttempt(event, previous, result, new Date(), {
      baseMs: this.deps.retryBaseMs,
      random: Math.random(),
    });
    await webhooks.record(webhook.id, delivery);
    if (delivery.outcome === 'FAILED') {
      this.deps.logger.warn({
        msg: 'webhook delivery given up after 24 hours of retries',
        webhookId: webhook.id,
        eventId: event.eventId,
        attempts: delivery.attempts,
        lastError: delivery.lastError,
      });
    }
    return 0;
  }

  private async attempt(event: RecordedEvent, url: string, secret: string): Promise<AttemptResult> {
    const body = deliveryBody(event);
    const timestamp = Math.floor(Date.now() / 1000);
    const timeout = AbortSignal.timeout(DELIVERY_TIMEOUT_MS);
    try {
      const status = await postDelivery(
        url,
        deliveryHeaders(secret, event.eventId, timestamp, body),
        body,
        {
          signal: AbortSignal.any([this.abort.signal, timeout]),
          loopbackAllowed: this.deps.loopbackAllowed,
          resolve: this.deps.resolve,
        },
      );
      return { status, error: null };
    } catch (error) {
      if (error instanceof RefusedAddressError) return { status: null, error: error.message };
      const { code, message } = error as NodeJS.ErrnoException;
      return {
        status: null,
        error: timeout.aborted
          ? `No answer within ${DELIVERY_TIMEOUT_MS / 1000} seconds`
          : `Could not reach the endpoint: ${code ?? message}`,
      };
    }
  }
}
