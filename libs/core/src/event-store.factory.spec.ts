import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { PostgresEventStore, SqliteEventStore } from '@app/event-store';
import {
  describeWithPostgres,
  dropSchema,
  uniqueSchemaName,
} from '../../event-store/src/testing/postgres';
import { openEventStore } from './event-store.factory';

describe('openEventStore', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rt-factory-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('opens events.sqlite under DATA_DIR for sqlite', async () => {
    const store = await openEventStore({ dataDir, eventStore: { kind: 'sqlite' } });
    try {
      expect(store).toBeInstanceOf(SqliteEventStore);
      expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('fails to open EventStoreDB that does not answer, saying where it looked', async () => {
    await expect(
      openEventStore({
        dataDir,
        eventStore: { kind: 'eventstoredb', connectionString: 'esdb://127.0.0.1:1?tls=false' },
      }),
    ).rejects.toThrow('EventStoreDB at esdb://127.0.0.1:1?tls=false does not answer');
  });

  describeWithPostgres('postgres', (url) => {
    it('opens the store in DATABASE_SCHEMA, creating it', async () => {
      const schema = uniqueSchemaName('factory');
      try {
        const store = await openEventStore({
          dataDir,
          eventStore: { kind: 'postgres', connectionString: url, schema },
        });
        try {
          expect(store).toBeInstanceOf(PostgresEventStore);
          await store.append('factory-1', [{ type: 'T', data: {}, metadata: {} }], 'no_stream');
          expect(await store.headPosition()).toBeGreaterThan(0);
          expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(false);
        } finally {
          await store.close();
        }
      } finally {
        await dropSchema(url, schema);
      }
    });
  });
});
