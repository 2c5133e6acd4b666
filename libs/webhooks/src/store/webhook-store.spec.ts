import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  describeWithPostgres,
  dropSchema,
  uniqueSchemaName,
} from '../../../event-store/src/testing/postgres';
import type { Delivery } from '../domain/delivery';
import { PostgresWebhookStore } from './postgres-webhook-store';
import { SqliteWebhookStore } from './sqlite-webhook-store';
import type { WebhookStore } from './webhook-store';

const delivery = (position: number, outcome: Delivery['outcome'], attempts = 1): Delivery => ({
  eventId: `event-${position}`,
  position,
  streamId: 'rollout-family-hubs.E09000022',
  eventType: 'MilestoneAchieved',
  outcome,
  attempts,
  statusCode: outcome === 'DELIVERED' ? 204 : 500,
  lastError: outcome === 'DELIVERED' ? null : 'The endpoint answered 500, not a 2xx status',
  firstAttemptAt: '2025-01-01T00:00:00.000Z',
  lastAttemptAt: '2025-01-01T00:00:01.000Z',
  nextAttemptAt: outcome === 'RETRYING' ? '2025-01-01T00:00:02.000Z' : null,
});

/** The same cases for each database; `open` again is a restart, or another API process. */
function describeWebhookStore(
  name: string,
  setUp: () => { open(): Promise<WebhookStore> | WebhookStore; remove(): Promise<void> | void },
): void {
  describe(name, () => {
    let database: ReturnType<typeof setUp>;
    let store: WebhookStore;
    beforeEach(async () => {
      database = setUp();
      store = await database.open();
    });
    afterEach(async () => {
      await store.close();
      await database.remove();
    });

    it('keeps secrets, cursors and the delivery log across a restart', async () => {
      expect(await store.keepSecret('w1', 'whsec_one')).toBe('whsec_one');
      // A retry of the registration keeps the secret it was first given.
      expect(await store.keepSecret('w1', 'whsec_two')).toBe('whsec_one');
      expect(await store.cursorOf('w1')).toBeNull();
      await store.record('w1', delivery(10, 'RETRYING'));
      // A delivery still retrying holds the cursor before its event.
      expect(await store.cursorOf('w1')).toBeNull();
      await store.record('w1', delivery(10, 'DELIVERED', 2));
      await store.moveCursor('w1', 5); // never back
      await store.record('w1', delivery(12, 'FAILED'));
      await store.close();

      store = await database.open();
      expect(await store.secretOf('w1')).toBe('whsec_one');
      expect(await store.cursorOf('w1')).toBe(12);
      expect(await store.deliveryOf('w1', 'event-10')).toEqual(delivery(10, 'DELIVERED', 2));
      expect(await store.countDeliveries('w1')).toBe(2);
      expect(await store.deliveries('w1', 1, null)).toEqual([delivery(12, 'FAILED')]);
      expect(await store.deliveries('w1', 5, 12)).toEqual([delivery(10, 'DELIVERED', 2)]);
      await store.forgetSecret('w1');
      expect(await store.secretOf('w1')).toBeUndefined();
    });
  });
}

describeWebhookStore('webhook deliveries in SQLite', () => {
  const directory = mkdtempSync(join(tmpdir(), 'webhooks-'));
  return {
    open: () => new SqliteWebhookStore(join(directory, 'access.sqlite')),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
});

describeWithPostgres('webhook deliveries in PostgreSQL', (connectionString) => {
  const schema = uniqueSchemaName('webhooks');
  describeWebhookStore('shared by API processes', () => ({
    open: () => PostgresWebhookStore.open({ connectionString, schema }),
    remove: () => dropSchema(connectionString, schema),
  }));

  it('lets one process deliver at a time, and another take over when it lets go', async () => {
    const processes = await Promise.all(
      [0, 1].map(() => PostgresWebhookStore.open({ connectionString, schema })),
    );
    try {
      const first = await processes[0].lease();
      expect(first).not.toBeNull();
      expect(await processes[1].lease()).toBeNull();
      await first!.release();
      const second = await processes[1].lease();
      expect(second).not.toBeNull();
      await second!.release();
    } finally {
      await Promise.all(processes.map((store) => store.close()));
      await dropSchema(connectionString, schema);
    }
  });
});
