import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { NewEvent, RecordedEvent, SqliteEventStore } from '@app/event-store';
import { commandContextOf, timeSliceOf } from '@app/kernel';
import { areaRolloutStream, AreaRolloutEvent } from '../domain/area-rollout';
import { areaRolloutFolder } from '../domain/recorded';
import type { RolloutReadModel } from '../read-model/rollout.read-model';
import {
  achieved,
  actors,
  CUMBERLAND,
  CUMBRIA,
  CUMBRIA_SUCCESSION,
  enrolled,
  LAMBETH,
  NOW,
  PROGRAMME_ID,
  SOUTHWARK,
} from '../testing/scenario';
import { AreaRollouts } from './area-rollouts';

const stored = (event: AreaRolloutEvent, occurredAt = '2024-01-01T00:00:00.000Z'): NewEvent => ({
  type: event.type,
  data: event.data,
  metadata: { occurredAt, evidence: [] },
});

describe('area rollouts: read, folded and sliced from their streams', () => {
  let dir: string;
  let store: SqliteEventStore;
  let waitFor: jest.Mock;
  let history: RecordedEvent[];
  let rollouts: AreaRollouts;

  const given = async (areaCode: string, ...events: NewEvent[]) =>
    store.append(areaRolloutStream(PROGRAMME_ID, areaCode), events, 'any');
  const contextOf = (commandId: string) =>
    commandContextOf({ commandId }, actors.board, 'corr-1', NOW);
  const report = (commandId: string, milestoneKey: string, achievedOn: string) =>
    rollouts.change(PROGRAMME_ID, LAMBETH, {
      kind: 'ReportMilestone',
      context: contextOf(commandId),
      decide: (state) =>
        state?.achievements[milestoneKey] ? [] : [achieved(milestoneKey, achievedOn)],
    });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-area-rollouts-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    waitFor = jest.fn(() => Promise.resolve(true));
    history = [];
    const readModel = {
      waitFor,
      historyOf: () => Promise.resolve(history),
    } as unknown as RolloutReadModel;
    rollouts = new AreaRollouts(store, readModel);
    await given(LAMBETH, stored(enrolled('2023-09-01')));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a change answers with the state folded with the events it wrote, reading the stream once', async () => {
    const reads = jest.spyOn(store, 'readStream');
    const change = await report('c-1', 'schools-recruited', '2024-02-01');
    expect(reads).toHaveBeenCalledTimes(1);
    expect(change).toMatchObject({ version: 2, duplicate: false });
    expect(change.state?.achievements['schools-recruited']?.achievedOn).toBe('2024-02-01');
    expect(change.state).toEqual((await rollouts.read(PROGRAMME_ID, LAMBETH)).state);
    // Read your writes: the read models are waited for at the position written.
    expect(waitFor).toHaveBeenCalledWith(change.position, areaRolloutStream(PROGRAMME_ID, LAMBETH));
  });

  it('a retry answers with the area as it was right after its first handling', async () => {
    await report('c-1', 'schools-recruited', '2024-02-01');
    await report('c-2', 'trial-data-returned', '2024-03-01');
    waitFor.mockClear();
    const retry = await report('c-1', 'schools-recruited', '2024-02-01');
    expect(retry).toMatchObject({ version: 2, duplicate: true, position: null });
    expect(Object.keys(retry.state!.achievements)).toEqual(['schools-recruited']);
    expect(waitFor).not.toHaveBeenCalled();
    const then = await rollouts.read(PROGRAMME_ID, LAMBETH, undefined, retry.version);
    expect(then.state).toEqual(retry.state);
    expect(then.timeline.map((event) => event.version)).toEqual([1, 2]);
  });

  it('reads an area as a time slice sees it: recorded by asOf, as it stood on validAt', async () => {
    // Recorded a few milliseconds after the enrolment, so that asOf can fall between the two.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { recordedAt } = await given(
      LAMBETH,
      stored(achieved('schools-recruited', '2024-02-01'), '2024-02-01T00:00:00.000Z'),
    );
    const before = new Date(Date.parse(recordedAt) - 1).toISOString();
    const asOf = await rollouts.read(PROGRAMME_ID, LAMBETH, timeSliceOf(before, null));
    expect(asOf.state?.achievements).toEqual({});
    expect(asOf.timeline).toHaveLength(1);
    expect(asOf.version).toBe(2);
    const validAt = await rollouts.read(PROGRAMME_ID, LAMBETH, timeSliceOf(null, '2023-08-31'));
    expect(validAt.state).toBeNull();
    expect((await rollouts.read(PROGRAMME_ID, SOUTHWARK)).version).toBe(0);
  });

  it("gives a successor's former areas' rollouts, and only theirs", async () => {
    await given(CUMBRIA, stored(enrolled('2020-09-01')));
    const successions = new Map([[CUMBRIA, CUMBRIA_SUCCESSION]]);
    const formers = await rollouts.formersOf(PROGRAMME_ID, CUMBERLAND, successions);
    expect([...formers.keys()]).toEqual([CUMBRIA]);
    expect(formers.get(CUMBRIA)?.enrolledOn).toBe('2020-09-01');
    expect((await rollouts.formersOf(PROGRAMME_ID, LAMBETH, successions)).size).toBe(0);
  });

  it("folds a programme's areas in a time slice from the history read model", async () => {
    await given(SOUTHWARK, stored(enrolled('2024-05-01'), '2024-05-01T00:00:00.000Z'));
    await given(LAMBETH, stored(achieved('schools-recruited', '2024-02-01')));
    history = [
      ...(await store.readStream(areaRolloutStream(PROGRAMME_ID, LAMBETH))),
      ...(await store.readStream(areaRolloutStream(PROGRAMME_ID, SOUTHWARK))),
    ];
    const slice = timeSliceOf(null, '2024-03-01');
    const areas = await rollouts.ofProgramme(PROGRAMME_ID, slice);
    expect(areas.map((area) => area.areaCode)).toEqual([LAMBETH]);
    const lambeth = areaRolloutStream(PROGRAMME_ID, LAMBETH);
    expect(areas[0]).toEqual(areaRolloutFolder(lambeth)(history.slice(0, 2)));
  });
});
