import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Succession } from '@app/areas';
import { NewEvent, ReadModelDatabase, SqliteEventStore } from '@app/event-store';
import { describeOnEachReadModelDatabase } from '../../../event-store/src/testing/read-model-databases';
import { areaRolloutStream, AreaRolloutEvent, Rag } from '../domain/area-rollout';
import { programmeStream } from '../domain/programme';
import { areaRolloutFolder } from '../domain/recorded';
import { AreaStage, rollUp } from '../domain/roll-up';
import {
  achieved,
  CUMBERLAND,
  CUMBRIA,
  CUMBRIA_SUCCESSION,
  directory,
  enrolled,
  LAMBETH,
  nationalTarget,
  programmeCreated,
  PROGRAMME_ID,
  SOUTHWARK,
  WESTMORLAND,
} from '../testing/scenario';
import { RolloutReadModel } from './rollout.read-model';

const stored = (event: { type: string; data: object }, evidence: string[] = []): NewEvent => ({
  type: event.type,
  data: event.data as Record<string, unknown>,
  metadata: { occurredAt: '2024-01-01T00:00:00.000Z', evidence },
});

/** Events in, rows out: the read model holds what folding each stream gives, and roll-ups follow. */
describeOnEachReadModelDatabase('rollout read model', (openReadModels) => {
  let dir: string;
  let store: SqliteEventStore;
  let database: ReadModelDatabase;
  let readModel: RolloutReadModel;

  const append = async (streamId: string, ...events: NewEvent[]): Promise<number> =>
    (await store.append(streamId, events, 'any')).position;
  const area = (areaCode: string, ...events: AreaRolloutEvent[]) =>
    append(areaRolloutStream(PROGRAMME_ID, areaCode), ...events.map((event) => stored(event)));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-rollout-rm-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    database = await openReadModels(dir);
    readModel = new RolloutReadModel(store, database, true);
    await readModel.onModuleInit();
    readModel.onApplicationBootstrap();
    const created = await append(
      programmeStream(PROGRAMME_ID),
      stored(programmeCreated),
      stored(nationalTarget('schools-recruited', '2022-01-31')),
    );
    // The programmes projection runs apart from the areas': the tests read both.
    expect(await readModel.waitFor(created)).toBe(true);
  });

  afterEach(async () => {
    await readModel.onModuleDestroy();
    await store.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("holds a programme's facts and national milestones as its stream folds them, corrections included", async () => {
    const url = 'https://www.communitycare.co.uk/2020/08/20/trial-extended/';
    const position = await append(
      programmeStream(PROGRAMME_ID),
      stored({
        type: 'ProgrammeFactRecorded',
        data: { number: 1, on: '2020-08-20', precision: 'DAY', text: 'Trial extended', url },
      }),
      stored({
        type: 'NationalMilestoneReached',
        data: {
          key: 'trial-start',
          title: 'Trial begins',
          on: '2020-09-01',
          precision: 'MONTH',
          url,
        },
      }),
      stored({
        type: 'ProgrammeFactCorrected',
        data: { number: 1, text: 'Trial extended to 21 areas' },
      }),
    );
    await readModel.waitFor(position);
    const programme = (await readModel.programme(PROGRAMME_ID))!;
    expect(programme.version).toBe(5);
    expect(programme.facts).toEqual([
      { number: 1, on: '2020-08-20', precision: 'DAY', text: 'Trial extended to 21 areas', url },
    ]);
    expect(programme.nationalMilestones).toEqual([
      { key: 'trial-start', title: 'Trial begins', on: '2020-09-01', precision: 'MONTH', url },
    ]);
    expect((await readModel.listProgrammes())[0].facts).toHaveLength(1);
  });

  it('reads a programme row written before programmes had facts as having none', async () => {
    const row = (await readModel.programme(PROGRAMME_ID))!;
    const { facts: _facts, nationalMilestones: _milestones, ...older } = row;
    await database.sql.run('UPDATE programmes SET state = ? WHERE id = ?', [
      JSON.stringify(older),
      PROGRAMME_ID,
    ]);
    expect(await readModel.programme(PROGRAMME_ID)).toEqual(row);
  });

  it('holds each area as its stream folds, corrections and withdrawals included', async () => {
    await area(
      LAMBETH,
      enrolled(),
      achieved('schools-recruited', '2021-03-01'),
      achieved('social-workers-in-post', '2021-09-01'),
    );
    await area(LAMBETH, {
      type: 'MilestoneAchievementCorrected',
      data: {
        milestoneKey: 'schools-recruited',
        achievedOn: '2021-02-01',
        previousAchievedOn: '2021-03-01',
      },
    });
    const last = await area(LAMBETH, {
      type: 'MilestoneAchievementWithdrawn',
      data: { milestoneKey: 'social-workers-in-post', previousAchievedOn: '2021-09-01' },
    });
    expect(await readModel.waitFor(last, areaRolloutStream(PROGRAMME_ID, LAMBETH))).toBe(true);

    const streamId = areaRolloutStream(PROGRAMME_ID, LAMBETH);
    const [row] = await readModel.rollouts(PROGRAMME_ID);
    expect(row).toEqual(areaRolloutFolder(streamId)(await store.readStream(streamId)));
    expect(row.achievements).toEqual({
      'schools-recruited': { achievedOn: '2021-02-01', note: null, evidence: [] },
    });
    expect((await readModel.programme(PROGRAMME_ID))?.milestones[0].targetDate).toBe('2022-01-31');
  });

  it('rolls up stages, overdue milestones on the given today, regions and coverage', async () => {
    await area(LAMBETH, enrolled(), achieved('schools-recruited', '2021-03-01'));
    await area(SOUTHWARK, enrolled(), {
      type: 'StatusReported',
      data: {
        rag: Rag.RED,
        commentary: 'Late',
        periodStart: '2022-01-01',
        periodEnd: '2022-03-31',
      },
    });
    const last = await area(
      CUMBERLAND,
      enrolled(),
      achieved('schools-recruited', '2021-01-01'),
      achieved('social-workers-in-post', '2021-02-01'),
      achieved('trial-data-returned', '2021-03-01'),
    );
    await readModel.waitFor(last, areaRolloutStream(PROGRAMME_ID, CUMBERLAND));

    const programme = (await readModel.programme(PROGRAMME_ID))!;
    const before = rollUp(
      programme,
      await readModel.rollouts(PROGRAMME_ID),
      new Map(),
      directory,
      '2022-01-31',
    );
    expect(before.areas.find((a) => a.areaCode === SOUTHWARK)?.overdue).toEqual([]);

    const { areas, byRegion, coverage } = rollUp(
      programme,
      await readModel.rollouts(PROGRAMME_ID),
      new Map(),
      directory,
      '2022-02-10',
    );
    const southwark = areas.find((a) => a.areaCode === SOUTHWARK)!;
    expect(southwark).toMatchObject({ stage: AreaStage.ENROLLED, status: { rag: Rag.RED } });
    expect(southwark.overdue).toEqual([
      {
        key: 'schools-recruited',
        title: 'Schools recruited',
        targetDate: '2022-01-31',
        daysOverdue: 10,
      },
    ]);
    expect(areas.find((a) => a.areaCode === LAMBETH)).toMatchObject({
      stage: AreaStage.IN_PROGRESS,
      lastMilestone: { key: 'schools-recruited', achievedOn: '2021-03-01' },
      overdue: [],
    });
    expect(areas.find((a) => a.areaCode === CUMBERLAND)?.stage).toBe(AreaStage.COMPLETED);
    expect(byRegion).toEqual([
      {
        regionCode: 'E12000002',
        regionName: 'North West',
        totalAreas: 2,
        enrolled: 1,
        milestonesAchieved: 3,
        overdue: 0,
      },
      {
        regionCode: 'E12000007',
        regionName: 'London',
        totalAreas: 2,
        enrolled: 2,
        milestonesAchieved: 1,
        overdue: 1,
      },
    ]);
    expect(coverage).toEqual({
      enrolled: 3,
      totalAreas: 4,
      completedAreas: 1,
      percentComplete: 44.4,
    });
  });

  it('shows a former area under its successors from the succession date, merged with their own', async () => {
    await area(CUMBRIA, enrolled(), achieved('schools-recruited', '2021-03-01'));
    const last = await area(
      WESTMORLAND,
      enrolled('2023-09-01'),
      achieved('social-workers-in-post', '2023-10-01'),
    );
    await readModel.waitFor(last, areaRolloutStream(PROGRAMME_ID, WESTMORLAND));
    const successions = new Map<string, Succession>([[CUMBRIA, CUMBRIA_SUCCESSION]]);
    const programme = (await readModel.programme(PROGRAMME_ID))!;

    const before = rollUp(
      programme,
      await readModel.rollouts(PROGRAMME_ID),
      successions,
      directory,
      '2023-03-31',
    );
    expect(before.areas.map((a) => a.areaCode).sort()).toEqual([WESTMORLAND, CUMBRIA]);

    const after = rollUp(
      programme,
      await readModel.rollouts(PROGRAMME_ID),
      successions,
      directory,
      '2023-12-01',
    );
    expect(
      after.areas.map((a) => [a.areaCode, a.inheritedFrom, a.milestonesAchieved, a.enrolledOn]),
    ).toEqual([
      [CUMBERLAND, [CUMBRIA], 1, '2020-09-01'],
      [WESTMORLAND, [CUMBRIA], 2, '2020-09-01'],
    ]);
    expect(after.byRegion[0]).toMatchObject({ enrolled: 2, milestonesAchieved: 3 });
  });
});
