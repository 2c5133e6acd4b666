import { Injectable } from '@nestjs/common';
import {
  Actor,
  InvalidInputError,
  notFound,
  type PageInfo,
  pageInfoOf,
  pageSize,
} from '@app/kernel';
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

const CURSOR_PREFIX = 'delivery:';
const encodeCursor = (position: number): string =>
  Buffer.from(`${CURSOR_PREFIX}${position}`).toString('base64url');

function decodeCursor(cursor: string): number {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const position = Number(decoded.slice(CURSOR_PREFIX.length));
  if (!decoded.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(position) || position < 0) {
    throw new InvalidInputError('after', 'validCursor', 'after is not a cursor this API gave out');
  }
  return position;
}

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
    const before = after ? decodeCursor(after) : null;
    const [rows, totalCount] = await Promise.all([
      this.store.deliveries(webhookId, size + 1, before),
      this.store.countDeliveries(webhookId),
    ]);
    const deliveries = rows.slice(0, size);
    return {
      totalCount,
      deliveries,
      pageInfo: pageInfoOf(
        deliveries.map((delivery) => encodeCursor(delivery.position)),
        { hasNextPage: rows.length > size, hasPreviousPage: before !== null },
      ),
    };
  }
}
