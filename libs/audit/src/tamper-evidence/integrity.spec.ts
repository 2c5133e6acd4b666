import type { NewEvent, RecordedEvent } from '@app/event-store';
import {
  chainEvents,
  emptyHead,
  eventHash,
  genesisHash,
  headOfStream,
  INTEGRITY,
  integrityOf,
  sha256,
  type Integrity,
} from './integrity';

const newEvent = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  type,
  data,
  metadata: { actor: { id: 'a', name: 'Ada', role: 'ADMIN' }, reason: null, commandId: type },
});

/** What the store would give back for chained events: the JSON round trip, positions, recordedAt. */
const stored = (streamId: string, events: NewEvent[], from = 1): RecordedEvent[] =>
  events.map((event, i) => ({
    eventId: event.eventId as string,
    streamId,
    version: from + i,
    position: 100 + from + i,
    type: event.type,
    data: JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>,
    metadata: JSON.parse(JSON.stringify(event.metadata)) as Record<string, unknown>,
    recordedAt: '2026-01-01T00:00:00.000Z',
  }));

const integrity = (event: Pick<RecordedEvent, 'metadata'>): Integrity =>
  integrityOf(event) as Integrity;

describe('the hash chain', () => {
  const at = '2026-01-01T00:00:00.000Z';

  it('starts each stream from a genesis hash of its id', () => {
    expect(genesisHash('recommendation-A')).toMatch(/^[0-9a-f]{64}$/);
    expect(genesisHash('recommendation-A')).not.toBe(genesisHash('recommendation-B'));
    expect(emptyHead('s')).toEqual({ version: 0, hash: genesisHash('s'), recordedAt: null });
  });

  it('links each event to the one before and recomputes from what the store gives back', () => {
    const { events, hash } = chainEvents('s', emptyHead('s'), [newEvent('A'), newEvent('B')], at);
    const [a, b] = stored('s', events);
    expect(integrity(a)).toMatchObject({
      previousHash: genesisHash('s'),
      chainedAt: at,
      previousRecordedAt: null,
    });
    expect(integrity(b).previousHash).toBe(integrity(a).hash);
    expect(integrity(b).previousRecordedAt).toBeNull(); // same append, same commit
    expect(hash).toBe(integrity(b).hash);
    for (const event of [a, b]) {
      expect(eventHash(integrity(event).previousHash, event)).toBe(integrity(event).hash);
    }
    expect(a.eventId).toMatch(/[0-9a-f-]{36}/);
  });

  it('is sha256 of the previous hash, a newline and the canonical event without its hash', () => {
    const { events } = chainEvents('s', emptyHead('s'), [newEvent('A', { b: 1, a: 2 })], at);
    const [event] = stored('s', events);
    const { hash, ...block } = integrity(event);
    const document = {
      data: { a: 2, b: 1 },
      eventId: event.eventId,
      metadata: { ...event.metadata, [INTEGRITY]: block },
      streamId: 's',
      type: 'A',
      version: 1,
    };
    const canonical = JSON.stringify(document, (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : 1)))
        : value,
    );
    expect(hash).toBe(sha256(`${genesisHash('s')}\n${canonical}`));
  });

  it('carries the previous commit time into the first event of the next append', () => {
    const head = { version: 3, hash: sha256('x'), recordedAt: '2025-12-31T23:59:59.999Z' };
    const { events } = chainEvents('s', head, [newEvent('D'), newEvent('E')], at);
    const [d, e] = stored('s', events, 4);
    expect(integrity(d)).toMatchObject({
      previousHash: head.hash,
      previousRecordedAt: head.recordedAt,
    });
    expect(integrity(e).previousRecordedAt).toBeNull();
  });

  it.each([
    ['the data', (e: RecordedEvent) => (e.data.amount = 2)],
    ['a nested metadata field', (e: RecordedEvent) => ((e.metadata.actor as any).name = 'Eve')],
    ['the type', (e: RecordedEvent) => (e.type = 'Other')],
    ['the version', (e: RecordedEvent) => (e.version = 2)],
    ['the stream', (e: RecordedEvent) => (e.streamId = 't')],
    ['the event id', (e: RecordedEvent) => (e.eventId = 'forged')],
    ['chainedAt', (e: RecordedEvent) => ((e.metadata[INTEGRITY] as any).chainedAt = 'x')],
    [
      'previousRecordedAt',
      (e: RecordedEvent) => ((e.metadata[INTEGRITY] as any).previousRecordedAt = at),
    ],
  ])('changes with %s', (_what, alter) => {
    const { events } = chainEvents('s', emptyHead('s'), [newEvent('A', { amount: 1 })], at);
    const [event] = stored('s', events);
    const { hash, previousHash } = integrity(event);
    alter(event);
    expect(eventHash(previousHash, event)).not.toBe(hash);
  });

  it('does not change with the key order of what is stored', () => {
    const { events } = chainEvents('s', emptyHead('s'), [newEvent('A', { x: 1, y: [2] })], at);
    const [event] = stored('s', events);
    const reordered = {
      ...event,
      data: { y: [2], x: 1 },
      metadata: Object.fromEntries(Object.entries(event.metadata).reverse()),
    };
    expect(eventHash(integrity(event).previousHash, reordered)).toBe(integrity(event).hash);
  });

  it('finds the head of a stream, recomputing the chain over events written without one', () => {
    const legacy: RecordedEvent[] = stored('s', [
      { ...newEvent('A'), eventId: 'e1' },
      { ...newEvent('B'), eventId: 'e2' },
    ]);
    const head = headOfStream('s', legacy);
    expect(head).toEqual({
      version: 2,
      hash: eventHash(eventHash(genesisHash('s'), legacy[0]), legacy[1]),
      recordedAt: legacy[1].recordedAt,
    });
    const { events } = chainEvents('s', head, [newEvent('C')], at);
    const [c] = stored('s', events, 3);
    expect(headOfStream('s', [...legacy, c])).toMatchObject({
      version: 3,
      hash: integrity(c).hash,
    });
    expect(integrityOf({ metadata: { [INTEGRITY]: { hash: 'short' } } })).toBe('malformed');
    expect(integrityOf({ metadata: {} })).toBeNull();
  });
});
