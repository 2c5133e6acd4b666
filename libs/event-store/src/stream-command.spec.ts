import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CommandContext, Role } from '@app/kernel';
import { WrongExpectedVersionError } from './errors';
import type { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { StreamCachingEventStore } from './stream-cache';
import { runStreamCommand, StoredFact } from './stream-command';

/** A counter stream: each command adds one `Counted` event; the state is the count. */
const count = (store: EventStore, overrides: Partial<CommandContext> = {}) =>
  runStreamCommand(store, {
    streamId: 'counter',
    context: {
      actor: { id: 'a', name: 'A', role: Role.BOARD_MEMBER, organisation: null },
      commandId: `c-${Math.random()}`,
      correlationId: 'corr',
      causationId: null,
      occurredAt: '2025-01-01T00:00:00.000Z',
      reason: null,
      evidence: [],
      expectedVersion: null,
      ...overrides,
    },
    fold: (events: readonly StoredFact[]) => (events.length ? events.length : null),
    decide: () => [{ type: 'Counted', data: {} }],
  });

// Through the cache a stream's events are the same objects read after read, which the lookup
// of handled command ids builds on; straight from the adapter they are new at every read.
describe.each([
  ['straight from the adapter', (filename: string) => new SqliteEventStore({ filename })],
  [
    'through the stream cache',
    (filename: string) => new StreamCachingEventStore(new SqliteEventStore({ filename })),
  ],
])('running a command on a stream, %s', (_how, open: (filename: string) => EventStore) => {
  let dir: string;
  let store: EventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rt-command-'));
    store = open(join(dir, 'events.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends the decided events with the metadata of the command', async () => {
    const result = await count(store, { commandId: 'first', reason: 'why' });
    expect(result).toMatchObject({ state: 1, version: 1, duplicate: false });
    const [event] = await store.readStream('counter');
    expect(event.metadata).toMatchObject({
      commandId: 'first',
      correlationId: 'corr',
      reason: 'why',
      actor: { id: 'a' },
    });
  });

  it('returns the original result for a command id already handled, writing nothing', async () => {
    await count(store, { commandId: 'once' });
    await count(store);
    const retry = await count(store, { commandId: 'once' });
    expect(retry).toMatchObject({ state: 1, version: 1, duplicate: true, position: null });
    await count(store, { commandId: 'twice' });
    await count(store);
    expect(await count(store, { commandId: 'twice' })).toMatchObject({
      version: 3,
      duplicate: true,
    });
    expect(await count(store, { commandId: 'once' })).toMatchObject({
      version: 1,
      duplicate: true,
    });
    expect(await store.readStream('counter')).toHaveLength(4);
  });

  it('writes once when the same command id races itself', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => count(store, { commandId: 'racing' })),
    );
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    expect(await store.readStream('counter')).toHaveLength(1);
  });

  it('without an expected version, applies every racing command after the others', async () => {
    await Promise.all(Array.from({ length: 20 }, () => count(store)));
    expect((await store.readStream('counter')).map((event) => event.version)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('with an expected version, lets one of the racers win and refuses the rest', async () => {
    await count(store);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => count(store, { expectedVersion: 1 })),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected')
        expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
    }
  });

  it('refuses a stale expected version before deciding, naming the actual one', async () => {
    await count(store);
    await expect(count(store, { expectedVersion: 0 })).rejects.toMatchObject({
      actualVersion: 1,
      code: 'VERSION_CONFLICT',
    });
  });
});
