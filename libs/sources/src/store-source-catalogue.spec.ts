import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EventStore, SqliteEventStore, SqliteReadModelDatabase } from '@app/event-store';
import { CommandContext, ErrorCode, FixedClock, Role } from '@app/kernel';
import { ChangeSource } from './change-source/change-source.command';
import { ChangeSourceHandler } from './change-source/change-source.handler';
import type { SourceCommand } from './domain/decide';
import { SourcesReadModel } from './read-model/sources.read-model';
import { StoreSourceCatalogue } from './store-source-catalogue';
import { SourceKind } from './domain/source.events';
import { add, details, ID } from './testing/scenario';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const BOARD = { id: 'board', name: 'Ada', role: Role.BOARD_MEMBER, organisation: null };

describe('the source catalogue reads sources from the store', () => {
  let dir: string;
  let store: EventStore;
  let catalogue: StoreSourceCatalogue;
  let handler: ChangeSourceHandler;
  let readModel: SourcesReadModel;
  let database: SqliteReadModelDatabase;
  const run = (command: SourceCommand, commandId: string) => {
    const context: CommandContext = {
      actor: BOARD,
      commandId,
      correlationId: 'corr',
      causationId: null,
      occurredAt: '2022-05-23T00:00:00.000Z',
      reason: 'The report says so',
      evidence: [],
      expectedVersion: null,
      request: { command },
    };
    return handler.execute(new ChangeSource(command, context));
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-sources-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    database = await SqliteReadModelDatabase.open(join(dir, 'read-models.sqlite'));
    readModel = new SourcesReadModel(store, database, true);
    await readModel.onModuleInit();
    readModel.onApplicationBootstrap();
    catalogue = new StoreSourceCatalogue(store);
    handler = new ChangeSourceHandler(store, new FixedClock(NOW), readModel);
  });
  afterEach(async () => {
    await readModel.onModuleDestroy();
    await store.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a source as added, then as corrected, with its latest themes', async () => {
    await run(add, 'add-1');
    expect(await catalogue.find(ID)).toMatchObject({ id: ID, ...details });
    await run(
      { kind: 'CorrectSource', id: ID, changes: { themes: [...details.themes, 'Workforce'] } },
      'correct-1',
    );
    expect((await catalogue.find(ID))?.themes).toEqual([...details.themes, 'Workforce']);
    // The read model has the correction once the command returns.
    expect(await readModel.list()).toMatchObject([{ id: ID, version: 2 }]);
    expect(await readModel.list({ kind: SourceKind.INQUIRY })).toEqual([]);
  });

  it('finds nothing for an unknown or malformed id', async () => {
    expect(await catalogue.find('no-such-source')).toBeNull();
    expect(await catalogue.find('Not An Id')).toBeNull();
  });

  it('writes once for a retried command, and nothing for a refused one', async () => {
    const first = await run(add, 'add-1');
    const retry = await run(add, 'add-1');
    expect(retry).toMatchObject({ duplicate: true, version: first.version });
    await expect(
      run({ kind: 'CorrectSource', id: ID, changes: { themes: ['Reset'] } }, 'correct-2'),
    ).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT, details: { rule: 'keepsThemes' } });
    expect(await store.readStream(`source-${ID}`)).toHaveLength(1);
  });

  it('refuses a local authority officer, writing nothing', async () => {
    const officer = { ...BOARD, role: Role.LOCAL_AUTHORITY };
    const context = {
      actor: officer,
      commandId: 'x',
      correlationId: 'c',
      causationId: null,
      occurredAt: NOW.toISOString(),
      reason: null,
      evidence: [],
      expectedVersion: null,
      request: null,
    };
    await expect(handler.execute(new ChangeSource(add, context))).rejects.toMatchObject({
      code: ErrorCode.FORBIDDEN,
    });
    expect(await catalogue.find(ID)).toBeNull();
  });
});
