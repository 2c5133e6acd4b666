import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LocalAuthorityRegister } from '@app/areas';
import { SqliteEventStore } from '@app/event-store';
import { type Actor, FixedClock, readReferenceData, Role } from '@app/kernel';
import { SourcesReadModel, StoreSourceCatalogue } from '@app/sources';
import type { RecommendationsReadModel } from '../read-model/recommendations.read-model';
import { RegisterImport, type RegisterImportOptions } from './register-import';

const TODAY = '2026-12-01';
const LIMIT = 1024 * 1024;
const board: Actor = {
  id: 'board-1',
  name: 'Ada Board',
  role: Role.BOARD_MEMBER,
  organisation: null,
};

describe('register import', () => {
  let dir: string;
  let store: SqliteEventStore;
  let importer: RegisterImport;
  const waitFor = jest.fn(() => Promise.resolve(true));
  const run = (
    files: RegisterImportOptions['files'],
    options: Partial<RegisterImportOptions> = {},
    actor = board,
  ) => importer.run(actor, { files, dryRun: false, correlationId: 'corr-1', ...options });

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rt-register-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    importer = new RegisterImport(
      store,
      new FixedClock(new Date(`${TODAY}T12:00:00Z`)),
      LocalAuthorityRegister.shipped(),
      new StoreSourceCatalogue(store),
      { waitFor } as unknown as RecommendationsReadModel,
      { waitFor } as unknown as SourcesReadModel,
      LIMIT,
    );
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the shipped data, then finds every row unchanged', async () => {
    const files = [
      { name: 'sources.json', content: readReferenceData('sources.json') },
      { name: 'recommendations.json', content: readReferenceData('recommendations.json') },
    ];
    const first = await run(files);
    expect(first.errors).toEqual([]);
    expect(first.recorded).toBe(first.rows);
    const head = await store.headPosition();
    const again = await run(files, { dryRun: true });
    expect(again.errors).toEqual([]);
    expect(again.rowsDetail?.every((row) => row.outcome === 'UNCHANGED')).toBe(true);
    expect(await store.headPosition()).toBe(head);
  });
});
