import type { ReadModelDatabase } from '@app/event-store';
import { FixedClock } from '@app/kernel';
import { PageBases, StoreHeads } from './public-page';

describe('PageBases', () => {
  let position = 7;
  let reads = 0;
  const heads = {
    current: () => {
      reads++;
      return Promise.resolve({ position, recordedAt: '2026-12-05T10:00:00.000Z' });
    },
  } as unknown as StoreHeads;
  const readModels = {
    checkpoints: () => Promise.resolve({ register: position }),
  } as unknown as ReadModelDatabase;
  const bases = new PageBases(heads, readModels, new FixedClock(new Date('2026-12-05T12:00:00Z')));
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(async () => {
    await nextTurn();
    reads = 0;
  });

  it('reads the store once for the requests of one turn of the event loop', async () => {
    const [first, second] = await Promise.all([bases.current(), bases.current()]);
    expect(reads).toBe(1);
    expect(second).toBe(first);
    expect(first).toEqual({
      head: { position: 7, recordedAt: '2026-12-05T10:00:00.000Z' },
      readModels: { register: 7 },
      today: '2026-12-05',
    });
  });

  it('reads it again in a later turn, so a request never sees a basis older than itself', async () => {
    await bases.current();
    await nextTurn();
    position = 8;
    const later = await bases.current();
    expect(reads).toBe(2);
    expect(later.head.position).toBe(8);
    expect(later.readModels).toEqual({ register: 8 });
  });
});
