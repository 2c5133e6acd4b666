import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CommandContext, Role } from '@app/kernel';
import { IdempotencyConflictError, WrongExpectedVersionError } from './errors';
import type { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { StreamCachingEventStore } from './stream-cache';
import {
  commandHandledEntry,
  runMultiStreamCommand,
  runStreamCommand,
  StoredFact,
} from './stream-command';

/** A command's envelope, with what a test sets. */
const contextOf = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  actor: { id: 'a', name: 'A', role: Role.BOARD_MEMBER, organisation: null },
  commandId: `c-${Math.random()}`,
  correlationId: 'corr',
  causationId: null,
  occurredAt: '2025-01-01T00:00:00.000Z',
  reason: null,
  evidence: [],
  expectedVersion: null,
  request: null,
  ...overrides,
});

/** A counter stream: each command adds one `Counted` event; the state is the count. */
const count = (store: EventStore, overrides: Partial<CommandContext> = {}, kind = 'Count') =>
  runStreamCommand(store, {
    streamId: 'counter',
    kind,
    context: contextOf({ request: { by: 1 }, ...overrides }),
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

  it('refuses the same command id with another request, naming it and writing nothing', async () => {
    await count(store, { commandId: 'once', request: { by: 1 } });
    for (const [request, kind] of [
      [{ by: 2 }, 'Count'],
      [{ by: 1, reason: 'another' }, 'Count'],
      [{ by: 1 }, 'Uncount'],
    ] as const) {
      const refused = count(store, { commandId: 'once', request }, kind);
      await expect(refused).rejects.toBeInstanceOf(IdempotencyConflictError);
      await expect(refused).rejects.toMatchObject({
        code: 'IDEMPOTENCY_CONFLICT',
        details: { commandId: 'once', streamId: 'counter' },
        message: expect.stringContaining('Command once'),
      });
    }
    expect(await store.readStream('counter')).toHaveLength(1);
  });

  it('takes a retry whose expected version moved on for the same request', async () => {
    await count(store, { commandId: 'once', expectedVersion: 0 });
    await count(store);
    expect(await count(store, { commandId: 'once', expectedVersion: 2 })).toMatchObject({
      version: 1,
      duplicate: true,
    });
  });

  it('takes a repeated id for a retry when the stored command has no fingerprint', async () => {
    // Stored before fingerprints were recorded: nothing to compare, so a retry, as it was then.
    await store.append(
      'counter',
      [{ type: 'Counted', data: {}, metadata: { commandId: 'old' } }],
      'no_stream',
    );
    expect(await count(store, { commandId: 'old', request: { by: 9 } })).toMatchObject({
      version: 1,
      duplicate: true,
    });
    expect(await store.readStream('counter')).toHaveLength(1);
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

  it('stamps a command whose caller left occurredAt out when it is decided, on every attempt', async () => {
    const stamps = ['2025-03-01T00:00:00.000Z', '2025-03-02T00:00:00.000Z'];
    const seen: string[] = [];
    const stamped = (request: Record<string, unknown>) =>
      runStreamCommand(store, {
        streamId: 'stamped',
        kind: 'Count',
        context: contextOf({ request }),
        now: () => new Date(stamps.shift() ?? '2025-04-01T00:00:00.000Z'),
        fold: (events: readonly StoredFact[]) => events.length || null,
        decide: (_state, context) => {
          seen.push(context.occurredAt);
          return [{ type: 'Counted', data: {} }];
        },
      });
    await stamped({});
    await stamped({ occurredAt: '2025-01-01' });
    expect(seen).toEqual(['2025-03-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
    expect((await store.readStream('stamped')).map((event) => event.metadata.occurredAt)).toEqual([
      '2025-03-01T00:00:00.000Z',
      '2025-01-01T00:00:00.000Z',
    ]);
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

describe('running a command that also writes other streams', () => {
  let dir: string;
  let store: EventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rt-command-'));
    store = new StreamCachingEventStore(new SqliteEventStore({ filename: join(dir, 'e.sqlite') }));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens `holder-<id>` and claims the `name` stream for it, unless another holds it. */
  const claim = (id: string, commandId = `c-${id}`) =>
    runMultiStreamCommand(store, {
      streamId: `holder-${id}`,
      kind: 'Claim',
      context: contextOf({ commandId, request: { id } }),
      fold: (events: readonly StoredFact[]) => (events.length ? id : null),
      otherStreams: () => ['name'],
      decide: (_state, others) => {
        if ((others.get('name') ?? []).length > 0) throw new Error('taken');
        return [
          { streamId: `holder-${id}`, events: [{ type: 'Opened', data: {} }] },
          { streamId: 'name', events: [{ type: 'Claimed', data: { id } }] },
        ];
      },
    });

  it('appends to every stream at once, with the command metadata', async () => {
    const result = await claim('x');
    expect(result).toMatchObject({ state: 'x', version: 1, duplicate: false });
    const [claimed] = await store.readStream('name');
    expect(claimed).toMatchObject({ data: { id: 'x' }, metadata: { commandId: 'c-x' } });
    expect(result.position).toBe(claimed.position);
  });

  it('lets one of two racers claim the other stream; the loser decides again on what won', async () => {
    const outcomes = await Promise.allSettled([claim('x'), claim('y')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({
      reason: new Error('taken'),
    });
    expect(await store.readStream('name')).toHaveLength(1);
  });

  it('writes nothing for a retry of the same command', async () => {
    await claim('x');
    expect(await claim('x')).toMatchObject({ state: 'x', duplicate: true, position: null });
    expect(await store.readStream('name')).toHaveLength(1);
  });
});

describe('commandHandledEntry', () => {
  const context = contextOf({ commandId: 'c-1' });

  it('says what was done to which thing, by whom, in which request', () => {
    expect(
      commandHandledEntry('Count', context, { counter: 'x' }, { duplicate: false, version: 3 }),
    ).toEqual({
      msg: 'command handled',
      command: 'Count',
      counter: 'x',
      version: 3,
      commandId: 'c-1',
      correlationId: 'corr',
      actor: 'a',
    });
  });

  it('says when a retry found the command already handled', () => {
    expect(commandHandledEntry('Count', context, {}, { duplicate: true, version: 3 }).msg).toBe(
      'command already handled',
    );
  });
});
