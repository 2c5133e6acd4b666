import { EventTooLargeError } from './errors';
import type { CommittedBatch, StreamAppend } from './event-store.port';
import { batchLength, GroupCommit, type Batch, type UnitOutcome } from './group-commit';

const unit = (streamId: string, events = 1): StreamAppend[] => [
  {
    streamId,
    events: Array.from({ length: events }, () => ({ type: 'T', data: {}, metadata: {} })),
    expectedVersion: 'any',
  },
];

/** A commit that stores every unit but those of the streams named "refused". */
function recordingCommit() {
  const batches: Batch[] = [];
  const commit = (batch: Batch): UnitOutcome[] => {
    batches.push(batch);
    const units = 'large' in batch ? [batch.large] : batch.units;
    return units.map((appends, i): UnitOutcome => {
      if (appends[0].streamId === 'refused') return { ok: false, error: new Error('refused') };
      return { ok: true, results: [{ version: i + 1, position: i + 1, recordedAt: 'now' }] };
    });
  };
  return { batches, commit };
}

function groupCommit(options: Partial<ConstructorParameters<typeof GroupCommit>[0]> = {}) {
  const { batches, commit } = recordingCommit();
  const committed: CommittedBatch[] = [];
  const group = new GroupCommit({
    maxEventBytes: 1024,
    limits: {},
    commit,
    committed: (batch) => committed.push(batch),
    ...options,
  });
  return { group, batches, committed };
}

const streamsOf = (batch: Batch): string[] =>
  'large' in batch
    ? batch.large.map((append) => append.streamId)
    : batch.units.map((appends) => appends[0].streamId);

describe('GroupCommit', () => {
  it('commits the units of one turn together, in arrival order, each with its own results', async () => {
    const { group, batches, committed } = groupCommit();
    const results = await Promise.all(['a', 'b', 'c'].map((id) => group.add(unit(id))));
    expect(batches.map(streamsOf)).toEqual([['a', 'b', 'c']]);
    expect(results.map(([result]) => result.position)).toEqual([1, 2, 3]);
    expect(group.commitCount).toBe(1);
    expect(committed).toEqual([{ appends: 3, events: 3 }]);
  });

  it("fails a refused unit alone, and counts only the others' events", async () => {
    const { group, committed } = groupCommit();
    const outcomes = await Promise.allSettled([
      group.add(unit('a', 2)),
      group.add(unit('refused')),
      group.add(unit('c')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(committed).toEqual([{ appends: 2, events: 3 }]);
  });

  it('fails every unit of a batch whose commit throws, and commits the next batch', async () => {
    const failing = jest.fn<UnitOutcome[], [Batch]>(() => {
      throw new Error('disk full');
    });
    const { group, committed } = groupCommit({ commit: failing });
    const outcomes = await Promise.allSettled([group.add(unit('a')), group.add(unit('b'))]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(group.commitCount).toBe(0);
    expect(committed).toEqual([]);
    failing.mockImplementation(recordingCommit().commit);
    await expect(group.add(unit('c'))).resolves.toHaveLength(1);
    expect(group.commitCount).toBe(1);
  });

  it('commits each unit alone when a whole batch fails on one unit it isolates', async () => {
    const recording = recordingCommit();
    const commit = jest.fn((batch: Batch) => {
      if (streamsOf(batch).includes('bad') && streamsOf(batch).length > 1) {
        throw new Error('bad data');
      }
      if (streamsOf(batch).includes('bad')) throw new Error('bad data alone');
      return recording.commit(batch);
    });
    const { group } = groupCommit({ commit, isolates: () => true });
    const outcomes = await Promise.allSettled([
      group.add(unit('a')),
      group.add(unit('bad')),
      group.add(unit('c')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(commit.mock.calls.map(([batch]) => streamsOf(batch))).toEqual([
      ['a', 'bad', 'c'],
      ['a'],
      ['bad'],
      ['c'],
    ]);
    expect(group.commitCount).toBe(2);
  });

  it('takes batches within the limits, a large unit alone, in arrival order', async () => {
    const { group, batches } = groupCommit({ limits: { units: 2 } });
    await Promise.all([
      group.add(unit('a')),
      group.add(unit('b')),
      group.add(unit('c')),
      group.add(unit('large', 1001)),
      group.add(unit('d')),
    ]);
    expect(batches.map((batch) => ('large' in batch ? 'large' : streamsOf(batch)))).toEqual([
      ['a', 'b'],
      ['c'],
      'large',
      ['d'],
    ]);
  });

  it('refuses a malformed or oversize unit before queueing it; no appends resolve at once', async () => {
    const { group, batches } = groupCommit({ maxEventBytes: 10 });
    const oversize: StreamAppend[] = [
      {
        streamId: 'a',
        events: [{ type: 'T', data: { note: 'too long' }, metadata: {} }],
        expectedVersion: 'any',
      },
    ];
    await expect(group.add(oversize)).rejects.toThrow(EventTooLargeError);
    await expect(group.add(unit('a', 0))).rejects.toThrow('at least one event');
    await expect(group.add([])).resolves.toEqual([]);
    expect(batches).toEqual([]);
  });

  it('close commits what is queued, then refuses new units', async () => {
    const { group, batches } = groupCommit();
    const queued = group.add(unit('a'));
    await group.close();
    expect(batches).toHaveLength(1);
    await expect(queued).resolves.toHaveLength(1);
    await expect(group.add(unit('b'))).rejects.toThrow('closed');
  });
});

describe('batchLength', () => {
  const small = (events: number, jsonLength = 0) => ({ encoded: [], events, jsonLength });
  const large = { encoded: null, events: 5000, jsonLength: 0 };

  it('takes at least one unit, even over the limits', () => {
    expect(batchLength([small(50)], { events: 10 })).toBe(1);
  });

  it('stops before the unit that would pass a limit', () => {
    expect(batchLength([small(4), small(4), small(4)], { events: 10 })).toBe(2);
    expect(batchLength([small(1, 6), small(1, 6)], { jsonLength: 10 })).toBe(1);
    expect(batchLength([small(1), small(1), small(1)], { units: 2 })).toBe(2);
  });

  it('leaves a large unit alone in its batch', () => {
    expect(batchLength([small(1), large, small(1)], {})).toBe(1);
    expect(batchLength([large, small(1)], {})).toBe(1);
  });
});
