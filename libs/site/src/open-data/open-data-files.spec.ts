import { parse } from 'csv-parse/sync';
import {
  AcceptanceDecision,
  RolloutScope,
  Stage,
  type RecommendationState,
} from '@app/recommendations';
import type { ProgrammeRollup, ProgrammeState } from '@app/rollout';
import { csvLines, fileNameOf, jsonPieces, LICENCE, type Stamp } from './data-file';
import {
  AREA_ROLLOUTS_FILE,
  HISTORY_FILE,
  OPEN_DATA_FILES,
  programmeRowOf,
  PROGRAMMES_FILE,
  REGISTER_FILE,
  registerRowOf,
} from './open-data-files';
import type { PublicEntry } from '../public-view/public-entry';

const stamp: Stamp = {
  asOf: '2026-12-05T10:15:00.123Z',
  validAt: null,
  storePosition: 1234,
};

const recommendation: RecommendationState = {
  id: 'CSC-X',
  title: '=HYPERLINK("http://evil")',
  summary: 'Line one, "quoted"\nLine two',
  sourceId: 'review',
  source: null,
  theme: 'Family help',
  owner: null,
  stage: Stage.ROLLED_OUT,
  version: 4,
  proposedAt: '2022-05-23T00:00:00.000Z',
  stageChangedAt: '2024-01-01T00:00:00.000Z',
  acceptance: {
    decision: AcceptanceDecision.ACCEPTED_IN_FULL,
    reason: 'We agree',
    decidedAt: '2023-02-02T00:00:00.000Z',
    evidenceUrl: null,
    skippedStages: [],
  },
  rejection: null,
  funding: null,
  pilot: null,
  rollout: {
    scope: RolloutScope.AREAS,
    areas: ['E09000022', 'E06000023'],
    rolloutDate: '2024-01-01',
    evidenceUrl: null,
    skippedStages: [Stage.FUNDED, Stage.PILOTED],
  },
  withdrawal: null,
  governmentResponse: null,
  links: [],
};
const REVIEW = { name: 'Review', url: 'https://example.org/review' };

const collect = async (pieces: AsyncIterable<string>): Promise<string> => {
  let text = '';
  for await (const piece of pieces) text += piece;
  return text;
};

describe('open data files', () => {
  it('name each file by its as-of instant and store position', () => {
    expect(fileNameOf('register', stamp, 'csv')).toBe('register-2026-12-05T101500Z-pos1234.csv');
    expect(fileNameOf('history', { ...stamp, asOf: '2026-01-31T23:59:59.999Z' }, 'json')).toBe(
      'history-2026-01-31T235959Z-pos1234.json',
    );
  });

  it('describe every column their rows have, and nothing more', () => {
    const names = (file: { columns: readonly { name: string }[] }) =>
      file.columns.map((column) => column.name).sort();
    expect(names(REGISTER_FILE)).toEqual(Object.keys(registerRowOf(recommendation, REVIEW)).sort());
    for (const file of OPEN_DATA_FILES) {
      for (const column of file.columns) expect(column.meaning).not.toBe('');
    }
    const programme = {
      id: 'p',
      name: 'P',
      recommendations: [],
      milestones: [],
    } as unknown as ProgrammeState;
    const rollup = {
      coverage: { enrolled: 1, totalAreas: 153, completedAreas: 0, percentComplete: 0 },
    };
    expect(names(PROGRAMMES_FILE)).toEqual(
      Object.keys(programmeRowOf(programme, rollup as ProgrammeRollup)).sort(),
    );
    expect(AREA_ROLLOUTS_FILE.columns.map((column) => column.name)).toContain('rag');
    expect(AREA_ROLLOUTS_FILE.columns.map((column) => column.name)).not.toContain('commentary');
  });

  it('write CSV as every export does: a byte order mark, CRLF, quoted and inert text', async () => {
    const csv = await collect(csvLines(REGISTER_FILE, [registerRowOf(recommendation, REVIEW)]));
    expect(csv.startsWith('\uFEFFid,title,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, row]: string[][] = parse(csv, { bom: true });
    const cell = (name: string): string => row[header.indexOf(name)];
    expect(cell('title')).toBe(`'=HYPERLINK("http://evil")`);
    expect(cell('summary')).toBe('Line one, "quoted"\nLine two');
    expect(cell('rolloutAreas')).toBe('E09000022 E06000023');
    expect(cell('decisionReason')).toBe('We agree');
    expect(cell('owner')).toBe('');
  });

  it('write a history step with its evidence and facts in single cells', async () => {
    const entry = {
      id: 'rollout-hubs.E09000022/2',
      evidence: ['https://a.example', 'https://b.example'],
      facts: { rag: 'GREEN' },
    } as unknown as PublicEntry;
    const [header, row]: string[][] = parse(await collect(csvLines(HISTORY_FILE, [entry])), {
      bom: true,
    });
    expect(row[header.indexOf('evidence')]).toBe('https://a.example https://b.example');
    expect(JSON.parse(row[header.indexOf('facts')])).toEqual({ rag: 'GREEN' });
  });

  it('write JSON as the licence, the stamp and the rows', async () => {
    expect(JSON.parse(await collect(jsonPieces(stamp, [{ a: 1 }, { a: 2 }])))).toEqual({
      licence: LICENCE,
      ...stamp,
      data: [{ a: 1 }, { a: 2 }],
    });
    expect(JSON.parse(await collect(jsonPieces(stamp, [])))).toMatchObject({ data: [] });
  });
});
