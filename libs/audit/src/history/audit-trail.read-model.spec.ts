import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ReadModelDatabase, SqliteEventStore } from '@app/event-store';
import { describeOnEachReadModelDatabase } from '../../../event-store/src/testing/read-model-databases';
import { Role, type HistoryScope } from '@app/kernel';
import { auditCursorOf, AuditTrailReadModel } from './audit-trail.read-model';

const actor = (id: string, role: Role, organisation: string | null = null) => ({
  id,
  name: id,
  role,
  organisation,
});
const event = (type: string, occurredAt: string, by = actor('board', Role.BOARD_MEMBER)) => ({
  type,
  data: { note: type },
  metadata: {
    actor: by,
    occurredAt,
    reason: null,
    evidence: [],
    commandId: type,
    correlationId: 'c',
    causationId: null,
  },
});

describeOnEachReadModelDatabase('audit trail', (openReadModels) => {
  let dir: string;
  let store: SqliteEventStore;
  let database: ReadModelDatabase;
  let trail: AuditTrailReadModel;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-audit-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    database = await openReadModels(dir);
    trail = new AuditTrailReadModel(store, database, true);
    await trail.onModuleInit();
    trail.onApplicationBootstrap();
    const lambeth = actor('lou', Role.LOCAL_AUTHORITY, 'E09000022');
    await store.append(
      'recommendation-CSC-SWIS',
      [event('RecommendationProposed', '2022-05-23T00:00:00.000Z')],
      'no_stream',
    );
    await store.append(
      'programme-swis',
      [event('ProgrammeCreated', '2020-01-01T00:00:00.000Z')],
      'no_stream',
    );
    await store.append(
      'rollout-swis.E09000022',
      [
        event('AreaEnrolled', '2020-09-01T00:00:00.000Z'),
        event('MilestoneAchieved', '2021-03-01T00:00:00.000Z', lambeth),
      ],
      'no_stream',
    );
    const last = await store.append(
      'rollout-swis.E09000028',
      [event('AreaEnrolled', '2020-09-01T00:00:00.000Z')],
      'no_stream',
    );
    await trail.waitFor(last.position);
  });

  afterAll(async () => {
    await trail.onModuleDestroy();
    await store.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const types = async (filter: object, scope: HistoryScope = { areaCodes: null }) =>
    (await trail.page(filter, scope, 100, null)).entries.map(
      (entry) => `${entry.position}:${entry.type}`,
    );

  it('lists every event with its metadata and global position, oldest first', async () => {
    const { entries, totalCount } = await trail.page({}, { areaCodes: null }, 100, null);
    expect(totalCount).toBe(5);
    expect(entries.map((entry) => entry.position)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[3]).toMatchObject({
      streamId: 'rollout-swis.E09000022',
      version: 2,
      metadata: { actor: { id: 'lou' } },
    });
  });

  it('filters by stream, recommendation, programme, area, actor, role, type and both time axes', async () => {
    expect(await types({ streamId: 'programme-swis' })).toEqual(['2:ProgrammeCreated']);
    expect(await types({ recommendationId: 'CSC-SWIS' })).toEqual(['1:RecommendationProposed']);
    expect(await types({ programmeId: 'swis' })).toEqual([
      '2:ProgrammeCreated',
      '3:AreaEnrolled',
      '4:MilestoneAchieved',
      '5:AreaEnrolled',
    ]);
    expect(await types({ areaCode: 'E09000028' })).toEqual(['5:AreaEnrolled']);
    expect(await types({ actorId: 'lou' })).toEqual(['4:MilestoneAchieved']);
    expect(await types({ role: Role.LOCAL_AUTHORITY })).toEqual(['4:MilestoneAchieved']);
    expect(await types({ eventType: 'AreaEnrolled' })).toEqual([
      '3:AreaEnrolled',
      '5:AreaEnrolled',
    ]);
    expect(await types({ occurredFrom: '2020-09-01', occurredTo: '2021-12-31' })).toEqual([
      '3:AreaEnrolled',
      '4:MilestoneAchieved',
      '5:AreaEnrolled',
    ]);
    expect(await types({ recordedTo: '2000-01-01' })).toEqual([]);
    await expect(types({ recordedFrom: 'yesterday' })).rejects.toThrow(
      expect.objectContaining({ details: { field: 'recordedFrom', rule: 'isoDateOrInstant' } }),
    );
  });

  it('pages by cursor without gaps or repeats', async () => {
    const first = await trail.page({}, { areaCodes: null }, 2, null);
    const second = await trail.page({}, { areaCodes: null }, 2, first.pageInfo.endCursor);
    const third = await trail.page({}, { areaCodes: null }, 2, second.pageInfo.endCursor);
    expect(
      [...first.entries, ...second.entries, ...third.entries].map((entry) => entry.position),
    ).toEqual([1, 2, 3, 4, 5]);
    expect([
      first.pageInfo.hasNextPage,
      second.pageInfo.hasNextPage,
      third.pageInfo.hasNextPage,
    ]).toEqual([true, true, false]);
    expect([first, second, third].map((page) => page.pageInfo.hasPreviousPage)).toEqual([
      false,
      true,
      true,
    ]);
    expect(second.pageInfo).toMatchObject({
      startCursor: auditCursorOf(second.entries[0]),
      endCursor: auditCursorOf(second.entries[1]),
    });
    // Only entries that match the filter count as preceding: enrolments are at 3 and 5.
    const enrolments = (after: string | null) =>
      trail.page({ eventType: 'AreaEnrolled' }, { areaCodes: null }, 2, after);
    expect((await enrolments(first.pageInfo.endCursor)).pageInfo.hasPreviousPage).toBe(false);
    expect((await enrolments(second.pageInfo.endCursor)).pageInfo.hasPreviousPage).toBe(true);
    await expect(trail.page({}, { areaCodes: null }, 2, 'bogus')).rejects.toThrow(
      expect.objectContaining({ details: { field: 'after', rule: 'validCursor' } }),
    );
  });

  it('pages newest first, towards older entries, with the same filters and scope', async () => {
    const newest = (
      filter: object,
      after: string | null = null,
      scope: HistoryScope = { areaCodes: null },
    ) => trail.page(filter, scope, 2, after, true);
    const first = await newest({});
    const second = await newest({}, first.pageInfo.endCursor);
    const third = await newest({}, second.pageInfo.endCursor);
    expect(
      [...first.entries, ...second.entries, ...third.entries].map((entry) => entry.position),
    ).toEqual([5, 4, 3, 2, 1]);
    expect([
      first.pageInfo.hasNextPage,
      second.pageInfo.hasNextPage,
      third.pageInfo.hasNextPage,
    ]).toEqual([true, true, false]);
    expect([first, second, third].map((page) => page.pageInfo.hasPreviousPage)).toEqual([
      false,
      true,
      true,
    ]);
    expect(first.totalCount).toBe(5);
    expect((await newest({ programmeId: 'swis' })).entries.map((entry) => entry.position)).toEqual([
      5, 4,
    ]);
    expect(
      (await trail.page({}, { areaCodes: ['E09000022'] }, 10, null, true)).entries.map(
        (e) => e.position,
      ),
    ).toEqual([4, 3]);
  });

  it('shows a local authority only its own area and its own acts', async () => {
    expect(await types({}, { areaCodes: ['E09000022'] })).toEqual([
      '3:AreaEnrolled',
      '4:MilestoneAchieved',
    ]);
    expect(await types({ programmeId: 'swis' }, { areaCodes: ['E09000028'] })).toEqual([
      '5:AreaEnrolled',
    ]);
  });

  it('streams every matching entry a page at a time', async () => {
    const positions: number[] = [];
    for await (const entry of trail.entries({ programmeId: 'swis' }, { areaCodes: null }, 2))
      positions.push(entry.position);
    expect(positions).toEqual([2, 3, 4, 5]);
  });
});
