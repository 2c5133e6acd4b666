import { performance } from 'perf_hooks';
import { EventTooLargeError, WrongExpectedVersionError } from '../errors';
import type { EventStore, NewEvent, StreamAppend } from '../event-store.port';

/**
 * A unit the size of an import: 20 events on each of `streams` new streams but the last, whose
 * expected version is given (a wrong one refuses the whole unit at its very end).
 */
export function largeUnit(
  lastExpected: number | 'no_stream' = 'no_stream',
  streams = 1000,
): StreamAppend[] {
  return Array.from({ length: streams }, (_, i) => ({
    streamId: `area-${i}`,
    events: Array.from({ length: 20 }, () => ({
      type: 'MilestoneAchieved',
      data: { milestoneKey: `m${i}`, note: 'x'.repeat(200) },
      metadata: { actor: 'importer', reason: `Imported from plan.csv, row ${i}` },
    })),
    expectedVersion: i === streams - 1 ? lastExpected : 'no_stream',
  }));
}

/**
 * What a timer every millisecond sees while `work` runs: the longest gap between its ticks
 * (how long the event loop was held), and the store's head as a reader saw it at each tick.
 */
export async function watchedWhile(
  store: Pick<EventStore, 'headPosition'>,
  work: () => Promise<unknown>,
): Promise<{
  outcome: { value: unknown } | { error: unknown };
  heads: number[];
  longestGap: number;
}> {
  const heads: number[] = [];
  let last = performance.now();
  let longestGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
    void store.headPosition().then((head) => heads.push(head));
  }, 1);
  const outcome = await work().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  clearInterval(timer);
  longestGap = Math.max(longestGap, performance.now() - last);
  return { outcome, heads, longestGap };
}

/**
 * What every store must do with a unit the size of an import: one whose last stream has the
 * wrong version, or whose last event is too large, writes nothing, and an append made while it
 * is being written goes ahead of it. `store` must start empty; `event` is any small event.
 */
export async function expectLargeUnitAllOrNothing(
  store: EventStore,
  event: NewEvent,
): Promise<void> {
  const meanwhile: Promise<unknown>[] = [];
  const { outcome } = await watchedWhile(store, () => {
    const unit = store.appendMany(largeUnit(7));
    meanwhile.push(store.append('meanwhile', [event], 'no_stream'));
    return unit;
  });
  expect('error' in outcome && outcome.error).toBeInstanceOf(WrongExpectedVersionError);
  await expect(meanwhile[0]).resolves.toMatchObject({ version: 1 });
  expect((await store.readAll()).map((recorded) => recorded.streamId)).toEqual(['meanwhile']);
  const oversize = largeUnit();
  oversize[999].events[19].data.note = 'x'.repeat(2 * 1024 * 1024);
  await expect(store.appendMany(oversize)).rejects.toThrow(EventTooLargeError);
  expect(await store.headPosition()).toBe(1);
}
