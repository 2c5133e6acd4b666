import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { foldWebhook, type Webhook, WEBHOOK_STREAM_PREFIX, webhookStream } from './domain/webhook';

/** A webhook, and the position of its registration: deliveries start after it. */
export interface RegisteredWebhook {
  webhook: Webhook;
  registeredAt: number;
}

/** The webhooks as their streams record them, folded on each read (they are few). */
@Injectable()
export class WebhookRegister {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Every webhook ever registered, removed ones included, oldest first. */
  async all(): Promise<RegisteredWebhook[]> {
    const events = await this.store.readAll({ streamPrefix: WEBHOOK_STREAM_PREFIX });
    const streams = new Map<string, typeof events>();
    for (const event of events) {
      const stream = streams.get(event.streamId) ?? [];
      stream.push(event);
      streams.set(event.streamId, stream);
    }
    return [...streams.values()].flatMap((stream) => {
      const webhook = foldWebhook(stream);
      return webhook ? [{ webhook, registeredAt: stream[0].position }] : [];
    });
  }

  async get(id: string): Promise<Webhook | null> {
    return foldWebhook(await this.store.readStream(webhookStream(id)));
  }
}
