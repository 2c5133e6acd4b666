import { readReferenceData } from '@app/kernel';
import type { RecommendationEntry, SourceEntry } from './register-entries';
import { MAX_JSON_DEPTH, readRegisterJson } from './register-json';

const SOURCE = {
  id: 'my-review',
  kind: 'inquiry',
  title: 'A title',
  publisher: 'A publisher',
  publishedOn: '2024-01-02',
  url: null,
  themes: ['Care'],
};
const RECOMMENDATION = {
  id: 'X-1',
  title: 'Do it',
  sourceId: 'my-review',
  proposedOn: '2024-01-02',
  theme: 'Care',
  governmentResponse: {
    decision: 'accepted',
    on: '2024-02-01',
    url: 'https://example.org/r',
    note: null,
  },
  knownHistory: [{ stage: 'ACCEPTED', on: '2024-02-01', evidence: 'https://example.org/r' }],
};
const file = (value: unknown): string => JSON.stringify(value, null, 2);

describe('register JSON', () => {
  it('reads the shipped files as they are', () => {
    for (const name of ['sources.json', 'recommendations.json']) {
      const read = readRegisterJson(name, readReferenceData(name));
      expect(read.errors).toEqual([]);
      expect(read.entries.flatMap((entry) => entry.problems)).toEqual([]);
      expect(read.entries.length).toBeGreaterThan(10);
    }
  });

  it('numbers the rows in file order, sources first, each on the line it starts', () => {
    const read = readRegisterJson(
      'r.json',
      file({ sources: [SOURCE], recommendations: [RECOMMENDATION] }),
    );
    expect(read.entries.map(({ kind, row, line }) => ({ kind, row, line }))).toEqual([
      { kind: 'source', row: 1, line: 3 },
      { kind: 'recommendation', row: 2, line: 16 },
    ]);
    expect((read.entries[0] as SourceEntry).source).toEqual(SOURCE);
    expect((read.entries[1] as RecommendationEntry).recommendation).toEqual(RECOMMENDATION);
  });

  it('names the path, line and character of a field a rule is about', () => {
    const read = readRegisterJson('r.json', file({ recommendations: [RECOMMENDATION] }));
    const [entry] = read.entries;
    expect(entry.locate('occurredAt')).toEqual({
      field: 'recommendations[0].proposedOn',
      line: 7,
      column: 7,
    });
    expect(entry.locate('response.evidenceUrl')).toEqual({
      field: 'recommendations[0].governmentResponse.url',
      line: 12,
      column: 9,
    });
    expect(entry.locate('step.ACCEPTED.evidenceUrl')).toEqual({
      field: 'recommendations[0].knownHistory[0].evidence',
      line: 19,
      column: 11,
    });
  });

  it('refuses a syntax error at its line and character', () => {
    const read = readRegisterJson('r.json', '{\n  "sources": [\n    {"id": "a",}\n  ]\n}');
    expect(read.errors).toEqual([
      expect.objectContaining({ file: 'r.json', row: 0, line: 3, column: 16, rule: 'json' }),
    ]);
    expect(read.errors[0].message).toBe(
      'Line 3, character 16: the file is not JSON (Expected double-quoted property name)',
    );
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels before parsing it`, () => {
    const deep = `{"sources": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const read = readRegisterJson('r.json', deep);
    expect(read.errors).toEqual([
      expect.objectContaining({ line: 1, column: 13 + MAX_JSON_DEPTH - 1, rule: 'depth' }),
    ]);
  });

  it('refuses a file that is not a register: another shape, unknown fields, no entries', () => {
    expect(readRegisterJson('r.json', '[]').errors[0]).toMatchObject({ rule: 'registerShape' });
    expect(readRegisterJson('r.json', '{"sources": {}}').errors[0]).toMatchObject({
      field: 'sources',
      rule: 'array',
    });
    expect(readRegisterJson('r.json', '{"colour": 1}').errors.map((error) => error.rule)).toEqual([
      'knownField',
    ]);
    expect(readRegisterJson('r.json', '{"note": "empty"}').errors[0]).toMatchObject({
      rule: 'required',
    });
  });

  it('names every field missing, of the wrong type or unknown in an entry', () => {
    const read = readRegisterJson(
      'r.json',
      file({
        sources: [{ ...SOURCE, title: 3, themes: 'Care', colour: 'red', publisher: undefined }],
        recommendations: [{ ...RECOMMENDATION, knownHistory: [{ stage: 'ACCEPTED' }] }, 'text'],
      }),
    );
    const problems = read.entries.flatMap((entry) => entry.problems);
    expect(problems.map(({ field, rule }) => [field, rule])).toEqual([
      ['sources[0].title', 'type'],
      ['sources[0].publisher', 'required'],
      ['sources[0].themes', 'type'],
      ['sources[0].colour', 'knownField'],
      ['recommendations[0].knownHistory[0].on', 'required'],
      ['recommendations[0].knownHistory[0].evidence', 'required'],
      ['recommendations[1]', 'object'],
    ]);
    expect(problems[1].message).toBe('sources[0].publisher is required');
    expect(problems[2].message).toBe('sources[0].themes must be a list of texts in quotes');
  });
});
