import { join } from 'path';
import {
  EventStoreDbEventStore,
  migrateStore,
  SqliteEventStore,
  type EventStore,
} from '@app/event-store';
import { InMemoryEventStoreDb } from '../../../event-store/src/eventstoredb/testing/in-memory-eventstoredb';
import { AuditTrailVerifier } from './audit-trail-verifier';
import { event, SealedStore, writeHistory } from './testing/sealed-store';

/** Tamper evidence survives `tracker migrate-store`: the copy verifies as the original does. */
describe('a store migrated to another', () => {
  let sealed: SealedStore;
  let source: SqliteEventStore;

  beforeEach(async () => {
    sealed = new SealedStore();
    await writeHistory(sealed);
    source = new SqliteEventStore({ filename: sealed.filename });
  });
  afterEach(async () => {
    await source.close();
    sealed.dispose();
  });

  it('verifies on SQLite after an interrupted copy and its resumption, and takes new events', async () => {
    const filename = join(sealed.dir, 'target.sqlite');
    const target = new SqliteEventStore({ filename });
    await migrateStore({ source, target, batchSize: 3, maxEvents: 5 });
    expect(await migrateStore({ source, target, batchSize: 3 })).toMatchObject({
      alreadyCopied: 5,
      complete: true,
    });
    await target.close();
    // The seals are copied, not the source's seal record: the target's starts with its next seal.
    expect(await sealed.verify({}, filename)).toMatchObject({
      ok: true,
      sealsChecked: 2,
      sealRecordEntries: 0,
      problemCount: 0,
    });
    await sealed.open(async (store, sealer) => {
      await sealer.prime();
      await store.append('recommendation-C', [event('Funded')], 2);
      await sealer.seal();
    }, filename);
    expect(await sealed.verify({}, filename)).toMatchObject({
      ok: true,
      sealsChecked: 3,
      sealRecordEntries: 1,
    });
  });

  it('keeps hash chains and recordedAt on EventStoreDB, whose positions break only the seals', async () => {
    const target: EventStore = await EventStoreDbEventStore.withClient(
      new InMemoryEventStoreDb().client(),
      { connectionString: 'esdb://stand-in:2113' },
    );
    try {
      await migrateStore({ source, target: target as EventStoreDbEventStore });
      const report = await new AuditTrailVerifier(target).verify();
      // Every hash recomputes and links, every recordedAt is the original (else ALTERED or
      // INSERTED): only the seals' recorded positions, in the source's numbering, differ.
      expect(report.eventsChecked).toBe((await source.readAll()).length);
      expect(report.sealRecordEntries).toBe(0); // EventStoreDB keeps no seal record
      expect(report.problems.length).toBeGreaterThan(0);
      expect(new Set(report.problems.map((problem) => problem.kind))).toEqual(
        new Set(['SEAL_MISMATCH']),
      );
    } finally {
      await target.close();
    }
  });
});
