import { memoizedFold } from './memoized-fold';
import type { StoredFact } from './recorded-event';

type Fact = StoredFact & { version?: number };

const stored = (version: number, amount: number): Fact => ({
  type: 'Added',
  data: { amount },
  metadata: {},
  version,
});

describe('memoized fold', () => {
  let evolved: number;
  const sum = memoizedFold((state: number | null, event: Fact) => {
    evolved++;
    return (state ?? 0) + (event.data.amount as number);
  });

  beforeEach(() => (evolved = 0));

  it('folds a stream read again from where it last stopped', () => {
    const stream = [stored(1, 1), stored(2, 2), stored(3, 3)];
    expect(sum(stream)).toBe(6);
    expect(evolved).toBe(3);
    const longer = [...stream, stored(4, 4)];
    expect(sum(longer)).toBe(10);
    expect(evolved).toBe(4);
    expect(sum(longer)).toBe(10);
    expect(evolved).toBe(4);
  });

  it('folds a filtered or rewritten list as given, and remembers only the stored run', () => {
    const stream = [stored(1, 1), stored(2, 2), stored(3, 3)];
    expect(sum(stream)).toBe(6);
    // A slice without version 2: not the stream's own past, though its last event is known.
    expect(sum([stream[0], stream[2]])).toBe(4);
    // A rewritten copy of the last event is a different event.
    expect(sum([stream[0], stream[1], { ...stream[2], data: { amount: 30 } }])).toBe(33);
    // Events decided but not yet stored (no version) follow the stored run.
    evolved = 0;
    const decided: Fact = { type: 'Added', data: { amount: 100 }, metadata: {} };
    expect(sum([...stream, decided])).toBe(106);
    expect(evolved).toBe(1);
    expect(sum(stream)).toBe(6);
    expect(evolved).toBe(1);
  });

  it('answers an earlier version of the stream, a retry, by folding it afresh', () => {
    const stream = [stored(1, 1), stored(2, 2), stored(3, 3)];
    expect(sum(stream)).toBe(6);
    expect(sum(stream.slice(0, 2))).toBe(3);
    expect(sum([])).toBeNull();
  });
});
