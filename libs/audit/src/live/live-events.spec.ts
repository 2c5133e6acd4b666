import type { RecordedEvent } from '@app/event-store';
import { auditFilterPredicate } from '../history/audit-filter';
import { LiveEvents } from './live-events';

const event = (streamId: string, organisation: string | null = null): RecordedEvent => ({
  eventId: streamId,
  streamId,
  version: 1,
  position: 1,
  type: 'T',
  data: {},
  metadata: { actor: { organisation } },
  recordedAt: '2026-01-01T00:00:00.000Z',
});

describe('live events', () => {
  it('filters by recommendation, programme and area, and scopes a local authority to its own', () => {
    const acceptsEvent = (filter: object, areaCode: string | null, candidate: RecordedEvent) =>
      auditFilterPredicate(filter, { areaCodes: areaCode === null ? null : [areaCode] })(candidate);
    const rollout = event('rollout-swis.E09000022');
    expect(acceptsEvent({ programmeId: 'swis' }, null, rollout)).toBe(true);
    expect(acceptsEvent({ areaCode: 'E09000028' }, null, rollout)).toBe(false);
    expect(
      acceptsEvent({ recommendationId: 'CSC-SWIS' }, null, event('recommendation-CSC-SWIS')),
    ).toBe(true);
    expect(acceptsEvent({}, 'E09000022', rollout)).toBe(true);
    expect(acceptsEvent({}, 'E09000028', rollout)).toBe(false);
    expect(acceptsEvent({}, 'E09000028', event('recommendation-X', 'E09000028'))).toBe(true);
  });

  it('hands each listener the events it accepts, in order, until it returns', async () => {
    const live = new LiveEvents({} as never, false);
    const feed = (live as unknown as { listeners: Set<(e: RecordedEvent) => void> }).listeners;
    const iterator = live.listen((candidate) => candidate.streamId.startsWith('a'));
    for (const streamId of ['a1', 'b1', 'a2'])
      for (const listener of feed) listener(event(streamId));
    expect((await iterator.next()).value?.streamId).toBe('a1');
    expect((await iterator.next()).value?.streamId).toBe('a2');
    expect(live.subscribers).toBe(1);
    await iterator.return?.();
    expect(live.subscribers).toBe(0);
    expect((await iterator.next()).done).toBe(true);
  });

  it("feeds the server's own listeners without counting them as subscribers", async () => {
    const live = new LiveEvents({} as never, false);
    const own = (live as unknown as { ownListeners: Set<(e: RecordedEvent) => void> }).ownListeners;
    const iterator = live.listen(() => true, undefined, { ownUse: true });
    for (const listener of own) listener(event('a1'));
    expect((await iterator.next()).value?.streamId).toBe('a1');
    expect(live.subscribers).toBe(0);
    await iterator.return?.();
    expect(own.size).toBe(0);
  });

  it('tells a listener once that it has ended, however it ends', async () => {
    const live = new LiveEvents({} as never, false);
    const ended = jest.fn();
    const iterator = live.listen(() => true, ended);
    await iterator.return?.();
    await iterator.return?.();
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('hands an event out a slice of listeners at a time, other work running in between', async () => {
    let stop = (): void => undefined;
    const store = {
      headPosition: () => Promise.resolve(0),
      subscribeAll: () => ({
        async *[Symbol.asyncIterator]() {
          yield [event('a1')];
          await new Promise<void>((resolve) => (stop = resolve));
        },
        close: () => Promise.resolve(stop()),
      }),
    };
    const live = new LiveEvents(store as never, true);
    const order: string[] = [];
    for (let i = 0; i < 250; i++) {
      void live.listen(() => {
        order.push('listener');
        return false;
      });
    }
    setImmediate(() => order.push('other work'));
    await live.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await live.onModuleDestroy();
    expect(order.filter((entry) => entry === 'listener')).toHaveLength(250);
    expect(order.indexOf('other work')).toBeGreaterThan(0);
    expect(order.indexOf('other work')).toBeLessThan(249);
  });
});
