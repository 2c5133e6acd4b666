import type { Delivery, DeliveryPage } from '@app/webhooks';
import { deliveryPagination, deliveryRows, webhookSummary } from './webhooks.view';

const delivery: Delivery = {
  eventId: 'e-1',
  position: 7,
  streamId: 'rollout-family-hubs.E09000022',
  eventType: 'MilestoneAchieved',
  outcome: 'RETRYING',
  attempts: 2,
  statusCode: 503,
  lastError: 'The endpoint answered 503, not a 2xx status',
  firstAttemptAt: '2026-01-05T10:00:00.000Z',
  lastAttemptAt: '2026-01-05T10:00:05.000Z',
  nextAttemptAt: '2026-01-05T10:00:15.000Z',
};

describe('the webhook pages', () => {
  it('says what a webhook is sent in words, and for which areas and programmes', () => {
    expect(
      webhookSummary({
        id: 'w 1',
        url: 'https://hooks.example.org/',
        eventTypes: ['MilestoneAchieved', 'AreaEnrolled'],
        areaCodes: ['E09000022'],
        programmeIds: null,
        description: 'Warehouse',
        removed: false,
      }),
    ).toEqual({
      description: 'Warehouse',
      url: 'https://hooks.example.org/',
      href: '/admin/webhooks/w%201',
      events: 'Milestone achieved, Area enrolled in a programme',
      areas: 'E09000022',
      programmes: 'Every programme',
      removed: false,
    });
  });

  it('shows each delivery with its outcome, and when a retry is next', () => {
    const [row] = deliveryRows([delivery]);
    expect(row).toMatchObject({
      event: 'Milestone achieved',
      outcome: { text: 'Retrying', classes: 'govuk-tag--yellow' },
      attempts: 2,
      statusCode: '503',
    });
    expect(row.detail).toMatch(/^The endpoint answered 503, not a 2xx status Next attempt .+\.$/);
    const [delivered] = deliveryRows([
      { ...delivery, outcome: 'DELIVERED', statusCode: 204, lastError: null, nextAttemptAt: null },
    ]);
    expect(delivered).toMatchObject({ outcome: { text: 'Delivered' }, detail: '' });
    expect(deliveryRows([{ ...delivery, statusCode: null }])[0].statusCode).toBe('None');
  });

  it('pages to older deliveries, and back to the newest', () => {
    const page = (hasNextPage: boolean, hasPreviousPage: boolean): DeliveryPage => ({
      totalCount: 3,
      deliveries: [],
      pageInfo: { hasNextPage, hasPreviousPage, startCursor: 'a', endCursor: 'b+c' },
    });
    expect(deliveryPagination('w1', page(true, false))).toEqual({
      previous: null,
      next: { href: '/admin/webhooks/w1?after=b%2Bc', labelText: 'Older deliveries' },
    });
    expect(deliveryPagination('w1', page(false, true))).toEqual({
      previous: { href: '/admin/webhooks/w1', labelText: 'Newest deliveries' },
      next: null,
    });
  });
});
