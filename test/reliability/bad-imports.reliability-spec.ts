import { seededRandom } from '@app/kernel';
import { postUnread } from '../support/tracker-server';
import { BAD_VALUES, HUGE } from './bad-values';
import { eventCount, fuzzedServer, LAMBETH, SEED, SIZES, SOUTHWARK, storedEvents } from './support';

const PROGRAMME = 'rel-bad-import';
/** Small, so that files over the limit are cheap to send. */
const IMPORT_LIMIT = 256 * 1024;
const COLUMNS = ['areaCode', 'milestoneKey', 'achievedOn', 'evidenceUrl', 'note'];
const KEYS = ['schools-recruited', 'social-workers-in-post', 'trial-data-returned'];

/** A valid file's rows: the n-th file's own dates, so that a real import records something new. */
function validRows(n: number, random: () => number): string[][] {
  const count = 1 + Math.floor(random() * 5);
  return Array.from({ length: count }, (_, i) => [
    i % 2 ? SOUTHWARK : LAMBETH,
    KEYS[(n + i) % KEYS.length],
    new Date(Date.UTC(2021, 0, 1) + ((n * 7 + i) % 1500) * 86_400_000).toISOString().slice(0, 10),
    'https://www.gov.uk/',
    `Imported ${n}.${i}`,
  ]);
}

const SOURCE_COLUMNS = ['id', 'kind', 'title', 'publisher', 'publishedOn', 'url', 'themes'];
const RECOMMENDATION_COLUMNS = [
  'id',
  'sourceId',
  'theme',
  'title',
  'proposedOn',
  'evidenceUrl',
  'response',
  'respondedOn',
  'responseUrl',
  'responseNote',
];

/** A valid register of the n-th case: its own source, and recommendations of that source. */
function validRegister(
  n: number,
  random: () => number,
): { sources: string[][]; recommendations: string[][] } {
  const sourceId = `rel-source-${n}`;
  const count = 1 + Math.floor(random() * 5);
  return {
    sources: [
      [
        sourceId,
        'inquiry',
        `Inquiry ${n}`,
        'Reliability',
        '2024-01-02',
        'https://www.gov.uk/',
        'Alpha; Beta',
      ],
    ],
    recommendations: Array.from({ length: count }, (_, i) => {
      // Some name a shipped source instead, under one of its themes.
      const own = i === 0 || random() < 0.7;
      return [
        `REL-${n}-${i}`,
        own ? sourceId : 'ircsc-final-report-2022',
        own ? pickOf(random, ['Alpha', 'Beta']) : 'Reset',
        `Recommendation ${n}.${i}`,
        '2024-02-01',
        i % 2 ? 'https://www.gov.uk/' : '',
        ...(i % 3 === 1
          ? ['noted', '2024-03-01', 'https://www.gov.uk/', 'Seen']
          : ['', '', '', '']),
      ];
    }),
  };
}

const pickOf = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];

/** The register's entries as the JSON shape takes them. */
const registerJson = ({ sources, recommendations }: ReturnType<typeof validRegister>) => ({
  sources: sources.map((row) => ({
    ...Object.fromEntries(SOURCE_COLUMNS.map((column, i) => [column, row[i]])),
    themes: row[6].split('; '),
  })),
  recommendations: recommendations.map((row) => ({
    id: row[0],
    sourceId: row[1],
    theme: row[2],
    title: row[3],
    proposedOn: row[4],
  })),
});

interface RegisterCase {
  kind: string;
  body: string | Uint8Array | FormData;
  contentType: string | null;
  dryRun: boolean;
}

const quoted = (cell: string): string =>
  /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
const csv = (rows: string[][]): string =>
  `${rows.map((row) => row.map(quoted).join(',')).join('\n')}\n`;

interface Tally {
  failures: string[];
  byStatus: Record<string, number>;
  byCode: Record<string, number>;
}

/**
 * An import's answer, counted by status and code: its JSON body, or null when it has none. A
 * 5xx, an answer that is not JSON and a refusal without a code are failures.
 */
function judged(
  kind: string,
  status: number,
  text: string,
  { failures, byStatus, byCode }: Tally,
): { recorded?: number; dryRun?: boolean; error?: { code?: string } } | null {
  byStatus[status] = (byStatus[status] ?? 0) + 1;
  let body: { recorded?: number; dryRun?: boolean; error?: { code?: string } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    failures.push(`${kind}: ${status} without a JSON body: ${text.slice(0, 200)}`);
    return null;
  }
  if (status >= 500) failures.push(`${kind}: ${status} ${text.slice(0, 300)}`);
  if (status >= 400) {
    const code = body.error?.code;
    byCode[code ?? 'none'] = (byCode[code ?? 'none'] ?? 0) + 1;
    if (!code) failures.push(`${kind}: ${status} without a code: ${text.slice(0, 200)}`);
  }
  return body;
}

interface ImportCase {
  kind: string;
  body: string | Uint8Array;
  contentType: string;
  query: string;
}

/**
 * Generated bad milestone imports: one cell, the header, the file's structure or the request
 * spoiled. Every answer must carry a code, none a 5xx; a refused file writes nothing, and an
 * accepted one exactly the events it says it recorded.
 */
describe('reliability: generated bad imports', () => {
  const { server, token, figures } = fuzzedServer(
    'bad imports',
    { IMPORT_LIMIT_BYTES: String(IMPORT_LIMIT) },
    PROGRAMME,
  );

  function generate(random: () => number, n: number): ImportCase {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const rows = validRows(n, random);
    const request = { contentType: 'text/csv', query: `?programme=${PROGRAMME}` };
    const roll = random();
    if (roll < 0.5) {
      // One cell spoiled.
      const row = pick(rows);
      const column = Math.floor(random() * COLUMNS.length);
      const kind = pick(['badDate', 'unknownCode', 'unicode', 'huge', 'empty']);
      const value = kind === 'huge' ? pick(HUGE) : kind === 'empty' ? '' : pick(BAD_VALUES[kind]);
      // A CSV cell is text: other JSON values are written as JSON would write them.
      row[column] = typeof value === 'string' ? value : JSON.stringify(value);
      return { kind: `cell:${COLUMNS[column]}:${kind}`, body: csv([COLUMNS, ...rows]), ...request };
    }
    if (roll < 0.65) {
      // The header spoiled.
      const header = [...COLUMNS];
      const spoil = pick(['missing', 'duplicate', 'unknown', 'empty', 'bom', 'case']);
      if (spoil === 'missing') header.splice(Math.floor(random() * 3), 1);
      if (spoil === 'duplicate') header.push(pick(COLUMNS));
      if (spoil === 'unknown') header.push('colour');
      if (spoil === 'empty') header[Math.floor(random() * header.length)] = '';
      if (spoil === 'bom') header[0] = `\uFEFF${header[0]}`;
      if (spoil === 'case') header[0] = header[0].toUpperCase();
      return { kind: `header:${spoil}`, body: csv([header, ...rows]), ...request };
    }
    if (roll < 0.85) {
      // The file's structure spoiled.
      const text = csv([COLUMNS, ...rows]);
      const structure = pick([
        () => text.replace('Imported', '"Imported'),
        () => `${text}${LAMBETH},${KEYS[0]},2022-01-01,https://www.gov.uk/,x,extra\n`,
        () => `${text}${LAMBETH},${KEYS[0]}\n`,
        () => text.replace(/\n/g, '\r'),
        () => text.replace(/\n/g, '\r\n'),
        () => text.slice(0, Math.floor(random() * text.length)),
        () => '',
        () => `${COLUMNS.join(',')}\n`,
        () => '\n\n\n',
        () => `${text}${'\n'.repeat(50)}`,
        () => `${text}${`${LAMBETH},${KEYS[1]},2022-02-02,,note\n`.repeat(IMPORT_LIMIT / 40)}`,
        () => Uint8Array.from({ length: 512 }, () => Math.floor(random() * 256)),
        () => text.replace('Imported', 'Imp\u0000orted'),
      ]);
      return { kind: 'structure', body: structure(), ...request };
    }
    // The request spoiled: its query string, its content type.
    const body = csv([COLUMNS, ...rows]);
    return pick([
      {
        kind: 'request:unknown-programme',
        body,
        contentType: 'text/csv',
        query: '?programme=nope',
      },
      { kind: 'request:no-programme', body, contentType: 'text/csv', query: '' },
      {
        kind: 'request:dry-run',
        body,
        contentType: 'text/csv',
        query: `?programme=${PROGRAMME}&dryRun=${pick(['maybe', 'TRUE', '', '1'])}`,
      },
      {
        kind: 'request:repeated-parameter',
        body,
        contentType: 'text/csv',
        query: `?programme=${PROGRAMME}&programme=other`,
      },
      { kind: 'request:json', body, contentType: 'application/json', query: request.query },
      { kind: 'request:xml', body, contentType: 'application/xml', query: request.query },
      {
        kind: 'request:multipart-without-file',
        body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n',
        contentType: 'multipart/form-data; boundary=x',
        query: request.query,
      },
      {
        kind: 'request:multipart-broken',
        body: `--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${body}`,
        contentType: 'multipart/form-data; boundary=x',
        query: request.query,
      },
    ]);
  }

  it(`${SIZES.badImports} generated bad imports: no 5xx, every refusal with a code, nothing written on refusal`, async () => {
    const random = seededRandom(SEED + 5);
    const byKind: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    const byCode: Record<string, number> = {};
    const failures: string[] = [];
    let recorded = 0;
    let written = 0;
    const head = (await storedEvents(server)).length;
    for (let n = 0; n < SIZES.badImports; n++) {
      const current = generate(random, n);
      const family = current.kind.split(':').slice(0, 2).join(':');
      byKind[family] = (byKind[family] ?? 0) + 1;
      const response = await fetch(`${server.url}/imports/milestones${current.query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token()}`, 'content-type': current.contentType },
        body: current.body,
      });
      const tally = { failures, byStatus, byCode };
      const body = judged(current.kind, response.status, await response.text(), tally);
      if (!body) continue;
      if (response.status < 400 && !body.dryRun) {
        recorded += body.recorded ?? 0;
      }
      if (n % 50 === 49 || n === SIZES.badImports - 1) {
        // Everything written since the start is what accepted imports said they recorded.
        written = (await storedEvents(server)).length - head;
        if (written !== recorded) {
          failures.push(`after ${n + 1} imports: ${written} events written, ${recorded} reported`);
          recorded = written;
        }
        expect(server.alive).toBe(true);
      }
    }
    figures.imports = SIZES.badImports;
    figures.byKind = byKind;
    figures.byStatus = byStatus;
    figures.errorCodes = byCode;
    figures.eventsWritten = written;
    figures.failures = failures.length;
    expect(failures.slice(0, 20)).toEqual([]);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });
});

/**
 * Generated bad register imports (sources and recommendations, CSV and JSON): one cell, a
 * header, the file's structure or encoding, the JSON or the request spoiled. Every answer must
 * carry a code, none a 5xx; a refusal or a dry run writes nothing.
 */
describe('reliability: generated bad register imports', () => {
  const { server, token, figures } = fuzzedServer(
    'bad register imports',
    { IMPORT_LIMIT_BYTES: String(IMPORT_LIMIT) },
    PROGRAMME,
  );

  function generate(random: () => number, n: number): RegisterCase {
    const pick = <T>(items: readonly T[]): T => pickOf(random, items);
    const register = validRegister(n, random);
    const files = (sources = register.sources, recommendations = register.recommendations) => {
      const form = new FormData();
      form.append('file', new Blob([csv([SOURCE_COLUMNS, ...sources])]), 'sources.csv');
      form.append(
        'file',
        new Blob([csv([RECOMMENDATION_COLUMNS, ...recommendations])]),
        'recs.csv',
      );
      return form;
    };
    const multipart = { contentType: null, dryRun: random() < 0.3 };
    const roll = random();
    if (roll < 0.4) {
      // One cell spoiled, in the sources or the recommendations.
      const inSources = random() < 0.4;
      const rows = inSources ? register.sources : register.recommendations;
      const columns = inSources ? SOURCE_COLUMNS : RECOMMENDATION_COLUMNS;
      const column = Math.floor(random() * columns.length);
      const kind = pick(['badDate', 'unknownCode', 'unicode', 'hostileText', 'huge', 'empty']);
      const value = kind === 'huge' ? pick(HUGE) : kind === 'empty' ? '' : pick(BAD_VALUES[kind]);
      pick(rows)[column] = typeof value === 'string' ? value : JSON.stringify(value);
      return { kind: `cell:${columns[column]}:${kind}`, body: files(), ...multipart };
    }
    if (roll < 0.5) {
      // A header spoiled.
      const header = pick([[...SOURCE_COLUMNS], [...RECOMMENDATION_COLUMNS]]);
      const spoil = pick(['missing', 'duplicate', 'unknown', 'empty', 'case', 'semicolons']);
      if (spoil === 'missing') header.splice(Math.floor(random() * 5), 1);
      if (spoil === 'duplicate') header.push(header[0]);
      if (spoil === 'unknown') header.push('colour');
      if (spoil === 'empty') header[Math.floor(random() * header.length)] = '';
      if (spoil === 'case') header[1] = header[1].toUpperCase();
      const text =
        spoil === 'semicolons'
          ? `${header.join(';')}\n`
          : csv([
              header,
              ...(header.includes('publisher') ? register.sources : register.recommendations),
            ]);
      return { kind: `header:${spoil}`, body: text, contentType: 'text/csv', dryRun: false };
    }
    if (roll < 0.7) {
      // A CSV file's structure or encoding spoiled.
      const text = csv([RECOMMENDATION_COLUMNS, ...register.recommendations]);
      const structure = pick([
        () => text.replace('Recommendation', '"Recommendation'),
        () => `${text}REL-x,ircsc-final-report-2022,Reset,t,2024-02-01,,,,,,extra\n`,
        () => `${text}REL-x,ircsc-final-report-2022\n`,
        () => text.replace(/\n/g, '\r'),
        () => text.slice(0, Math.floor(random() * text.length)),
        () => '',
        () => '\n\n\n',
        () => `${text}${`REL-x,nope,,t,2024-02-01,,,,,\n`.repeat(IMPORT_LIMIT / 30)}`,
        () => Uint8Array.from({ length: 512 }, () => Math.floor(random() * 256)),
        () => Buffer.concat([Buffer.from(text), Buffer.from([0xa3, 0x31, 0x0a])]),
        () => text.replace('Recommendation', 'Recom\u0000mendation'),
        () => `${RECOMMENDATION_COLUMNS.join(',')}\n"${'x'.repeat(70_000)}",,,,,,,,,\n`,
      ]);
      return { kind: 'structure', body: structure(), contentType: 'text/csv', dryRun: false };
    }
    if (roll < 0.9) {
      // JSON spoiled: its syntax, its depth, its size, its shape or one value.
      const json = registerJson(register);
      const text = JSON.stringify(json, null, 2);
      const spoil = pick([
        () => text.slice(0, Math.floor(random() * text.length)),
        () => text.replace('"sources"', 'sources'),
        () => `{"sources": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
        () => `{"recommendations": [${'{"id": "X"},'.repeat(IMPORT_LIMIT / 12)}{}]}`,
        () => JSON.stringify({ ...json, colour: 'red' }),
        () => JSON.stringify([json]),
        () => 'null',
        () => JSON.stringify({ sources: 'all of them' }),
        () => {
          const entry = pick([...json.sources, ...json.recommendations]) as Record<string, unknown>;
          const field = pick(Object.keys(entry));
          const kind = pick([
            'wrongType',
            'nullish',
            'badDate',
            'unknownCode',
            'hostileText',
            'huge',
          ]);
          entry[field] = kind === 'huge' ? pick(HUGE) : pick(BAD_VALUES[kind]);
          return JSON.stringify(json);
        },
        () =>
          JSON.stringify({
            ...json,
            recommendations: [...json.recommendations, ...json.recommendations],
          }),
      ]);
      return {
        kind: 'json',
        body: spoil(),
        contentType: 'application/json',
        dryRun: random() < 0.3,
      };
    }
    // The request spoiled: its content type, its parts.
    return pick([
      {
        kind: 'request:xml',
        body: csv([SOURCE_COLUMNS]),
        contentType: 'application/xml',
        dryRun: false,
      },
      {
        kind: 'request:multipart-without-file',
        body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n',
        contentType: 'multipart/form-data; boundary=x',
        dryRun: false,
      },
      {
        kind: 'request:multipart-broken',
        body: `--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${csv([SOURCE_COLUMNS, ...register.sources])}`,
        contentType: 'multipart/form-data; boundary=x',
        dryRun: false,
      },
      {
        kind: 'request:too-many-files',
        body: (() => {
          const form = files();
          for (let i = 0; i < 12; i++) form.append('file', new Blob(['id\n']), `more-${i}.csv`);
          return form;
        })(),
        contentType: null,
        dryRun: false,
      },
    ]);
  }

  it(`${SIZES.badImports} generated bad register imports: no 5xx, every refusal with a code, nothing written on refusal`, async () => {
    const random = seededRandom(SEED + 6);
    const byKind: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    const byCode: Record<string, number> = {};
    const failures: string[] = [];
    let accepted = 0;
    for (let n = 0; n < SIZES.badImports; n++) {
      const current = generate(random, n);
      const family = current.kind.split(':').slice(0, 2).join(':');
      byKind[family] = (byKind[family] ?? 0) + 1;
      const before = await eventCount(server);
      // Serialized as fetch would send it, then sent by a client that reads an early answer.
      const url = `${server.url}/imports/register?dryRun=${current.dryRun}`;
      const request = new Request(url, {
        method: 'POST',
        headers: current.contentType ? { 'content-type': current.contentType } : {},
        body: current.body,
      });
      const response = await postUnread(url, new Uint8Array(await request.arrayBuffer()), {
        ...Object.fromEntries(request.headers),
        authorization: `Bearer ${token()}`,
      }).catch((error: unknown) => ({ failed: String(error) }));
      if ('failed' in response) {
        failures.push(`${current.kind}: no answer (${response.failed})`);
        continue;
      }
      const body = judged(current.kind, response.status, response.body, {
        failures,
        byStatus,
        byCode,
      });
      if (!body) continue;
      const written = (await eventCount(server)) - before;
      if (response.status >= 400) {
        if (written !== 0) failures.push(`${current.kind}: refused, yet ${written} events written`);
      } else if (current.dryRun) {
        if (written !== 0) failures.push(`${current.kind}: a dry run wrote ${written} events`);
      } else {
        if ((body.recorded ?? 0) > 0) accepted++;
        if ((body.recorded ?? 0) > 0 !== written > 0) {
          failures.push(
            `${current.kind}: ${body.recorded} rows recorded, ${written} events written`,
          );
        }
      }
      if (n % 50 === 49) expect(server.alive).toBe(true);
    }
    figures.registerImports = SIZES.badImports;
    figures.byKind = byKind;
    figures.byStatus = byStatus;
    figures.errorCodes = byCode;
    figures.accepted = accepted;
    figures.failures = failures.length;
    expect(failures.slice(0, 20)).toEqual([]);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });
});
