import { parse } from 'csv-parse/sync';
import { Readable } from 'stream';
import type { RecordedEvent } from '@app/event-store';
import { AUDIT_CSV_COLUMNS, auditExportFile, auditExportLines } from './audit-export';

const event: RecordedEvent = {
  eventId: 'e1',
  streamId: 'area-rollout-hubs-E09000022',
  version: 1,
  position: 7,
  type: 'MilestoneAchieved',
  data: { milestoneKey: 'plan', note: 'Agreed £5k,\r\nsee “minutes”' },
  metadata: { reason: '=SUM(A1)', actor: { id: 'u1', name: 'Zoë' } },
  recordedAt: '2024-07-01T09:30:00.000Z',
};

const fileOf = async (format: 'csv' | 'jsonl'): Promise<string> => {
  let file = '';
  for await (const line of auditExportLines(Readable.from([event]), format)) {
    file += line;
  }
  return file;
};

describe('audit export', () => {
  it('writes CSV as every export: a UTF-8 byte order mark and CRLF line ends', async () => {
    const file = await fileOf('csv');
    expect(file.startsWith('\uFEFFposition,recordedAt,')).toBe(true);
    // Line feeds end lines only after a carriage return (the note's own CRLF is quoted).
    expect(file.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const [header, row, ...rest] = parse(file, { bom: true });
    expect(rest).toEqual([]);
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    const cells = Object.fromEntries(header.map((column, i) => [column, row[i]]));
    expect(cells).toMatchObject({ position: '7', actorName: 'Zoë', reason: "'=SUM(A1)" });
    expect(JSON.parse(cells.data)).toEqual(event.data);
  });

  it('writes JSON lines without a byte order mark, one event a line', async () => {
    const file = await fileOf('jsonl');
    expect(file.split('\n').map((line) => line && JSON.parse(line))).toEqual([event, '']);
  });

  it('names the file for the day, and streams the header then every entry', async () => {
    const entries = () => Readable.from([event, { ...event, position: 8 }]);
    const file = await auditExportFile(entries(), 'csv', '2026-12-04');
    expect(file.headers).toEqual({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="audit-2026-12-04.csv"',
    });
    const rows = parse((await file.body.toArray()).join(''), { bom: true });
    expect(rows.map((row: string[]) => row[0])).toEqual(['position', '7', '8']);
    const jsonl = await auditExportFile(entries(), 'jsonl', '2026-12-04');
    expect(jsonl.headers['content-disposition']).toBe(
      'attachment; filename="audit-2026-12-04.jsonl"',
    );
  });

  it('refuses a filter before the file starts', async () => {
    const refused = () =>
      new Readable({
        objectMode: true,
        read() {
          this.destroy(new Error('recordedFrom must be a date'));
        },
      });
    await expect(auditExportFile(refused(), 'csv', '2026-12-04')).rejects.toThrow(
      'recordedFrom must be a date',
    );
  });
});
