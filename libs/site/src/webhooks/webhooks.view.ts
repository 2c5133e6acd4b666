import type { Delivery, DeliveryOutcome, DeliveryPage, Webhook } from '@app/webhooks';
import { govukDateTime } from '../layout/dates';
import { EVENT_TYPE_NAMES } from '../history/history-filter';

const OUTCOMES: Record<DeliveryOutcome, { text: string; classes: string }> = {
  DELIVERED: { text: 'Delivered', classes: 'govuk-tag--green' },
  RETRYING: { text: 'Retrying', classes: 'govuk-tag--yellow' },
  FAILED: { text: 'Failed', classes: 'govuk-tag--red' },
};

const typeName = (type: string): string => EVENT_TYPE_NAMES[type] ?? type;

export const webhookPath = (id: string): string => `/admin/webhooks/${encodeURIComponent(id)}`;

/** What a webhook is sent, in words: its event types, and the areas or programmes it is for. */
export function webhookSummary(webhook: Webhook) {
  return {
    description: webhook.description,
    url: webhook.url,
    href: webhookPath(webhook.id),
    events: webhook.eventTypes.map(typeName).join(', '),
    areas: webhook.areaCodes?.join(', ') ?? 'Every area',
    programmes: webhook.programmeIds?.join(', ') ?? 'Every programme',
    removed: webhook.removed,
  };
}

/** One row per delivery, newest first: what, when, and how it went. */
export const deliveryRows = (deliveries: readonly Delivery[]) =>
  deliveries.map((delivery) => ({
    eventId: delivery.eventId,
    event: typeName(delivery.eventType),
    streamId: delivery.streamId,
    outcome: OUTCOMES[delivery.outcome],
    attempts: delivery.attempts,
    statusCode: delivery.statusCode === null ? 'None' : String(delivery.statusCode),
    lastAttempt: govukDateTime(delivery.lastAttemptAt),
    detail:
      delivery.outcome === 'RETRYING' && delivery.nextAttemptAt
        ? `${delivery.lastError ?? ''} Next attempt ${govukDateTime(delivery.nextAttemptAt)}.`
        : (delivery.lastError ?? ''),
  }));

/** Older deliveries on the next page; the newest again from any later page. */
export function deliveryPagination(id: string, page: DeliveryPage) {
  const path = webhookPath(id);
  const { hasNextPage, hasPreviousPage, endCursor } = page.pageInfo;
  return {
    previous: hasPreviousPage ? { href: path, labelText: 'Newest deliveries' } : null,
    next:
      hasNextPage && endCursor
        ? { href: `${path}?after=${encodeURIComponent(endCursor)}`, labelText: 'Older deliveries' }
        : null,
  };
}
