import { seededRandom } from '@app/kernel';
import { BAD_VALUES, HUGE } from './bad-values';
import { fuzzedServer, LAMBETH, SEED, SIZES, SOUTHWARK, storedEvents } from './support';

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

const quoted = (cell: string): string =>
  /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
const csv = (rows: string[][]): string =>
  `${rows.map((row) => row.map(quoted).join(',')).join('\n')}\n`;

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
      const text = await response.text();
      byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
      let body: { recorded?: number; dryRun?: boolean; error?: { code?: string } };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        failures.push(
          `${current.kind}: ${response.status} without a JSON body: ${text.slice(0, 200)}`,
        );
        continue;
      }
      if (response.status >= 500)
        failures.push(`${current.kind}: ${response.status} ${text.slice(0, 300)}`);
      if (response.status >= 400) {
        const code = body.error?.code;
        byCode[code ?? 'none'] = (byCode[code ?? 'none'] ?? 0) + 1;
        if (!code)
          failures.push(
            `${current.kind}: ${response.status} without a code: ${text.slice(0, 200)}`,
          );
      } else if (!body.dryRun) {
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
