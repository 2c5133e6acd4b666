import { parse } from 'csv-parse/sync';
import { Readable } from 'stream';
import type { RecordedEvent } from '@app/event-store';
import { AUDIT_CSV_COLUMNS, auditExportLines } from './audit-export';

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
});
