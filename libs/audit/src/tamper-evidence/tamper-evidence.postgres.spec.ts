import { escapeIdentifier } from 'pg';
import { PostgresEventStore, type EventStore } from '@app/event-store';
import {
  describeEventStoreContract,
  describeMultiStreamAppendContract,
  type ContractSubject,
} from '../../../event-store/src/testing';
import {
  describeWithPostgres,
  dropSchema,
  uniqueSchemaName,
  withClient,
} from '../../../event-store/src/testing/postgres';
import { SEAL_STREAM } from './seal';
import { TamperEvidentEventStore } from './tamper-evident-event-store';
import { SealedStore, writeHistory } from './testing/sealed-store';

/**
 * Tamper evidence over the PostgreSQL adapter: the contract through the decorator, and a sealed
 * history that verifies (commit times as the adapter reports and stores them agree) until it is
 * changed behind the store's back.
 */
describeWithPostgres('tamper evidence on PostgreSQL', (url) => {
  const schema = uniqueSchemaName('tamper');
  const events = `${escapeIdentifier(schema)}.events`;
  const open = (): Promise<EventStore> =>
    PostgresEventStore.open({ connectionString: url, schema });
  const truncate = (): Promise<unknown> =>
    withClient(url, (client) => client.query(`TRUNCATE ${events}`));

  afterAll(() => dropSchema(url, schema));

  const subject = async (): Promise<ContractSubject> => {
    let store = new TamperEvidentEventStore(await open());
    await truncate();
    return {
      store,
      reopen: async () => {
        await store.close();
        store = new TamperEvidentEventStore(await open());
        return store;
      },
      cleanup: () => store.close(),
    };
  };
  describeEventStoreContract('tamper-evident postgres', subject);
  describeMultiStreamAppendContract('tamper-evident postgres', subject);

  describe('a sealed history', () => {
    // A schema of its own for each case: the seal record it keeps refuses to be emptied.
    let history: string;
    let sealed: SealedStore;
    const sql = (text: string, values: unknown[] = []): Promise<unknown> =>
      withClient(url, (client) => client.query(text, values));
    const historyEvents = (): string => `${escapeIdentifier(history)}.events`;

    beforeEach(async () => {
      history = uniqueSchemaName('sealed');
      sealed = new SealedStore(() =>
        PostgresEventStore.open({ connectionString: url, schema: history }),
      );
      await writeHistory(sealed);
    });
    afterEach(async () => {
      sealed.dispose();
      await dropSchema(url, history);
    });

    it('verifies, then names an altered and a removed event', async () => {
      expect(await sealed.verify()).toMatchObject({ ok: true, sealsChecked: 2, problemCount: 0 });
      await sql(
        `UPDATE ${historyEvents()} SET data = '{"amountPence": 1}' WHERE stream_id = 'recommendation-B' AND version = 3`,
      );
      await sql(
        `DELETE FROM ${historyEvents()} WHERE stream_id = 'recommendation-A' AND version = 2`,
      );
      const report = await sealed.verify();
      expect(report.ok).toBe(false);
      expect(
        report.problems.map(({ kind, streamId, version }) => [kind, streamId, version]),
      ).toEqual([
        ['ALTERED', 'recommendation-B', 3],
        ['REMOVED', 'recommendation-A', 2], // named at version 3, which follows the gap
      ]);
    });

    it('names the newest seal removed with the event after it, from the seal record', async () => {
      // The last seal and the one event after it: no event is left that names the seal.
      await sql(`DELETE FROM ${historyEvents()} WHERE position >= $1`, [sealed.seals[1].position]);
      const report = await sealed.verify();
      expect(report.problems).toEqual([
        expect.objectContaining({ kind: 'TRUNCATED', streamId: SEAL_STREAM, version: 2 }),
      ]);
    });
  });
});
