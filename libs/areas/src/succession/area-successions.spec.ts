import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SqliteEventStore } from '@app/event-store';
import { areaStream } from '../domain/area-succession';
import { AreaSuccessions } from './area-successions';

describe('area successions', () => {
  let dir: string;
  let store: SqliteEventStore;
  let other: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rt-successions-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    other = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const succeeded = (areaCode: string) => [
    {
      type: 'AreaSucceeded',
      data: { areaCode, successors: ['E06000065'], effectiveFrom: '2023-04-01' },
      metadata: {},
    },
  ];
  const unrelated = [{ type: 'Other', data: {}, metadata: {} }];

  it('sees every succession committed before it is asked, by this process or another', async () => {
    const successions = new AreaSuccessions(store);
    expect((await successions.current()).size).toBe(0);
    await store.append(areaStream('E07000163'), succeeded('E07000163'), 'no_stream');
    expect([...(await successions.current()).keys()]).toEqual(['E07000163']);
    await store.append('rollout-x.E07000163', unrelated, 'no_stream');
    expect((await successions.current()).size).toBe(1);
    expect((await successions.current()).size).toBe(1);
    await other.append(areaStream('E07000164'), succeeded('E07000164'), 'no_stream');
    expect([...(await successions.current()).keys()]).toEqual(['E07000163', 'E07000164']);
  });
});
