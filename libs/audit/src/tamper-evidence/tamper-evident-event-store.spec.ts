import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SqliteEventStore, WrongExpectedVersionError, type RecordedEvent } from '@app/event-store';
import {
  describeEventStoreContract,
  describeMultiStreamAppendContract,
} from '../../../event-store/src/testing';
import { AuditSealer } from './audit-sealer';
import { AuditTrailVerifier } from './audit-trail-verifier';
import { eventHash, genesisHash, integrityOf, type Integrity } from './integrity';
import { SEAL_STREAM } from './seal';
import { TamperEvidentEventStore } from './tamper-evident-event-store';
import { event } from './testing/sealed-store';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'rt-tamper-store-'));

/** The decorator must still be a faithful event store: the adapters' contract, through it. */
const decoratedSubject = async () => {
  const dir = tempDir();
  const filename = join(dir, 'events.sqlite');
  let store = new TamperEvidentEventStore(new SqliteEventStore({ filename }));
  return Promise.resolve({
    store,
    reopen: async () => {
      await store.close();
      store = new TamperEvidentEventStore(new SqliteEventStore({ filename }));
      return store;
    },
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
};
describeEventStoreContract('tamper-evident sqlite', decoratedSubject);
describeMultiStreamAppendContract('tamper-evident sqlite', decoratedSubject);

const integrity = (recorded: RecordedEvent): Integrity => integrityOf(recorded) as Integrity;

/** Every link of a stream holds: hashes recompute, each chains to the one before. */
function expectChained(events: RecordedEvent[]): void {
  let previous = genesisHash(events[0].streamId);
  for (const recorded of events) {
    const block = integrity(recorded);
    expect(block.previousHash).toBe(previous);
    expect(eventHash(block.previousHash, recorded)).toBe(block.hash);
    previous = block.hash;
  }
}

describe('TamperEvidentEventStore', () => {
  let dir: string;
  let filename: string;
  let raw: SqliteEventStore;
  let store: TamperEvidentEventStore;

  beforeEach(() => {
    dir = tempDir();
    filename = join(dir, 'events.sqlite');
    raw = new SqliteEventStore({ filename });
    store = new TamperEvidentEventStore(raw);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('chains every event of a stream, across appends and appendMany, with their commit times', async () => {
    await store.append('s', [event('A'), event('B')], 'no_stream');
    const many = await store.appendMany([
      { streamId: 's', events: [event('C')], expectedVersion: 'any' },
      { streamId: 't', events: [event('X')], expectedVersion: 'any' },
    ]);
    await store.append('s', [event('D')], 'exists');
    const events = await raw.readStream('s');
    expectChained(events);
    expectChained(await raw.readStream('t'));
    expect(events.map((e) => integrity(e).previousRecordedAt)).toEqual([
      null,
      null, // B shares A's commit
      events[1].recordedAt,
      many[0].recordedAt,
    ]);
    for (const e of events) {
      expect(Date.parse(e.recordedAt) - Date.parse(integrity(e).chainedAt)).toBeLessThan(1000);
    }
  });

  it('keeps the caller’s metadata and ids, and reads pass through untouched', async () => {
    const metadata = event('A').metadata;
    await store.append('s', [{ ...event('A'), metadata, eventId: 'my-id' }], 'no_stream');
    const [read] = await store.readStream('s');
    expect(read.eventId).toBe('my-id');
    expect(read.metadata).toEqual({ ...metadata, integrity: integrity(read) });
    expect(await store.readAll()).toEqual(await raw.readAll());
    expect(await store.headPosition()).toBe(await raw.headPosition());
  });

  it('costs one read per stream it has not seen, then none', async () => {
    const reads = jest.spyOn(raw, 'readStream');
    await store.append('s', [event('A')], 'any');
    await store.append('s', [event('B')], 'any');
    await store.append('s', [event('C')], 2);
    expect(reads).toHaveBeenCalledTimes(1);
    // A caller that read the stream itself (as every command handler does) saves the read.
    await store.readStream('u');
    await store.append('u', [event('A')], 'no_stream');
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('refuses a stale expected version with the caller’s own expectation', async () => {
    await store.append('s', [event('A'), event('B')], 'no_stream');
    const refusal = await store.append('s', [event('C')], 1).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WrongExpectedVersionError);
    expect(refusal).toMatchObject({ streamId: 's', expectedVersion: 1, actualVersion: 2 });
    await expect(store.append('s', [event('C')], 'no_stream')).rejects.toMatchObject({
      expectedVersion: 'no_stream',
      actualVersion: 2,
    });
    await expect(store.append('new', [event('C')], 'exists')).rejects.toMatchObject({
      actualVersion: 0,
    });
  });

  it('follows writes by another process: retries what the caller left open, refuses the rest', async () => {
    await store.append('s', [event('A')], 'no_stream');
    // The CLI, say, writes to the same file through its own tamper-evident store.
    const other = new TamperEvidentEventStore(new SqliteEventStore({ filename }));
    await other.append('s', [event('FromCli')], 1);
    await other.close();
    // This process's head for s is stale (version 1): 'any' is retried on the fresh head...
    await expect(store.append('s', [event('B')], 'any')).resolves.toMatchObject({ version: 3 });
    // ...an exact version the caller read after the other write is honoured...
    const another = new TamperEvidentEventStore(new SqliteEventStore({ filename }));
    await another.append('s', [event('FromCli2')], 3);
    await another.close();
    await expect(store.append('s', [event('C')], 4)).resolves.toMatchObject({ version: 5 });
    // ...and one that no longer holds is refused.
    await expect(store.append('s', [event('D')], 4)).rejects.toMatchObject({ actualVersion: 5 });
    expectChained(await raw.readStream('s'));
  });

  it('keeps concurrent appends to one stream in one chain', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? store.appendMany([
              { streamId: 's', events: [event(`M${i}`)], expectedVersion: 'any' },
              { streamId: `other-${i}`, events: [event('O')], expectedVersion: 'no_stream' },
            ])
          : store.append('s', [event(`E${i}`), event(`F${i}`)], 'any'),
      ),
    );
    const events = await raw.readStream('s');
    expect(events).toHaveLength(50);
    expectChained(events);
    expect((await new AuditTrailVerifier(store).verify()).ok).toBe(true);
  });

  it('chains onto events written before tamper evidence, which a seal then covers', async () => {
    await raw.append('old', [event('A'), event('B')], 'no_stream');
    await raw.append('untouched', [event('A')], 'no_stream');
    await store.append('old', [event('C')], 2);
    const verifier = new AuditTrailVerifier(store);
    const before = await verifier.verify();
    expect(before).toMatchObject({ ok: false, unchainedEvents: 3, problemCount: 1 });
    // "old" is covered by its chained third event; "untouched" by nothing yet.
    expect(before.problems).toEqual([
      expect.objectContaining({ kind: 'UNCHAINED', streamId: 'untouched', version: 1 }),
    ]);
    const [a, b] = await raw.readStream('old');
    const [, , c] = await raw.readStream('old');
    expect(integrity(c).previousHash).toBe(eventHash(eventHash(genesisHash('old'), a), b));
    await new AuditSealer(store).seal();
    expect(await verifier.verify()).toMatchObject({ ok: true, unchainedEvents: 3 });
  });

  it('seals many changed streams in several seals, each well within the event size limit', async () => {
    for (let chunk = 0; chunk < 6; chunk++) {
      await store.appendMany(
        Array.from({ length: 500 }, (_, i) => ({
          streamId: `recommendation-MANY-${chunk}-${i}`,
          events: [event('Proposed')],
          expectedVersion: 'no_stream' as const,
        })),
      );
    }
    const { seal } = await new AuditSealer(store).seal();
    expect(seal).toMatchObject({ number: 3, sealedUpTo: 3000, streamCount: 3000 });
    const seals = await raw.readStream(SEAL_STREAM);
    expect(seals.map((recorded) => (recorded.data.streams as unknown[]).length)).toEqual([
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
    ]);
    for (const recorded of seals) {
      expect(JSON.stringify(recorded.data).length).toBeLessThan(300 * 1024);
    }
    expect(await new AuditTrailVerifier(store).verify()).toMatchObject({
      ok: true,
      sealsChecked: 3,
      eventsChecked: 3003,
    });
  });

  it('names the newest seal it knows in each event, so removing seals shows', async () => {
    const sealer = new AuditSealer(store);
    await store.append('s', [event('A')], 'no_stream');
    expect(integrity((await raw.readStream('s'))[0]).lastSeal).toBeNull();
    const { seal } = await sealer.seal();
    await store.append('s', [event('B')], 1);
    expect(integrity((await raw.readStream('s'))[1]).lastSeal).toEqual({
      version: 1,
      hash: seal?.hash,
    });
    // A new process learns it by reading the seals, as the server does when it starts.
    const fresh = new TamperEvidentEventStore(new SqliteEventStore({ filename }));
    await new AuditSealer(fresh).prime();
    await fresh.append('t', [event('A')], 'no_stream');
    await fresh.close();
    expect(integrity((await raw.readStream('t'))[0]).lastSeal).toEqual({
      version: 1,
      hash: seal?.hash,
    });
    expect(await raw.readStream(SEAL_STREAM)).toHaveLength(1);
  });
});
