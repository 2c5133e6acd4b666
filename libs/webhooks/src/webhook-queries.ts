import { Injectable } from '@nestjs/common';
import { Actor, notFound, numberedCursors, type PageInfo, pageInfoOf, pageSize } from '@app/kernel';
import type { Delivery } from './domain/delivery';
import { authorize } from './domain/policy';
import type { Webhook } from './domain/webhook';
import { WebhookStore } from './store/webhook-store';
import { WebhookRegister } from './webhook-register';

export interface DeliveryPage {
  totalCount: number;
  deliveries: Delivery[];
  pageInfo: PageInfo;
}

const cursors = numberedCursors('delivery');

/** What admins read of webhooks, on every path (the API and the pages), under the policy. */
@Injectable()
export class WebhookQueries {
  constructor(
    private readonly register: WebhookRegister,
    private readonly store: WebhookStore,
  ) {}

  /** The webhooks not removed, oldest first. */
  async webhooks(actor: Actor): Promise<Webhook[]> {
    authorize(actor, 'read webhooks');
    return (await this.register.all())
      .map(({ webhook }) => webhook)
      .filter((webhook) => !webhook.removed);
  }

  /** One webhook, removed or not; NOT_FOUND if none was registered under the id. */
  async webhook(actor: Actor, id: string): Promise<Webhook> {
    authorize(actor, 'read webhooks');
    const webhook = await this.register.get(id);
    if (!webhook) throw notFound('Webhook', id);
    return webhook;
  }

  /** A webhook's deliveries, newest first, a page at a time. */
  async deliveries(
    actor: Actor,
    webhookId: string,
    first: number | null,
    after: string | null,
  ): Promise<DeliveryPage> {
    await this.webhook(actor, webhookId);
    const size = pageSize(first);
    const before = after ? cursors.decode(after) : null;
    const [rows, totalCount] = await Promise.all([
      this.store.deliveries(webhookId, size + 1, before),
      this.store.countDeliveries(webhookId),
    ]);
    const deliveries = rows.slice(0, size);
    return {
      totalCount,
      deliveries,
      pageInfo: pageInfoOf(
        deliveries.map((delivery) => cursors.encode(delivery.position)),
        { hasNextPage: rows.length > size, hasPreviousPage: before !== null },
      ),
    };
  }
}
