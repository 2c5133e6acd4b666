import { Readable } from 'stream';
import type { RecordedEvent } from '@app/event-store';
import { csvHeader, csvRow, EventMetadata } from '@app/kernel';

export type AuditExportFormat = 'csv' | 'jsonl';

export const AUDIT_CSV_COLUMNS = [
  'position',
  'recordedAt',
  'occurredAt',
  'streamId',
  'version',
  'type',
  'actorId',
  'actorName',
  'actorRole',
  'organisation',
  'reason',
  'evidence',
  'commandId',
  'correlationId',
  'causationId',
  'data',
  'metadata',
] as const;

function csvLine(event: RecordedEvent): string {
  const metadata = event.metadata as Partial<EventMetadata>;
  return csvRow([
    event.position,
    event.recordedAt,
    metadata.occurredAt,
    event.streamId,
    event.version,
    event.type,
    metadata.actor?.id,
    metadata.actor?.name,
    metadata.actor?.role,
    metadata.actor?.organisation,
    metadata.reason,
    metadata.evidence?.join(' '),
    metadata.commandId,
    metadata.correlationId,
    metadata.causationId,
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
  ]);
}

/** A file's first line: the CSV header (as every CSV export's), or nothing for JSON lines. */
export const auditExportHeader = (format: AuditExportFormat): string =>
  format === 'csv' ? csvHeader(AUDIT_CSV_COLUMNS) : '';

/** One event as a line: a CSV row (text made inert for spreadsheets) or the event as stored. */
export const auditExportLine = (event: RecordedEvent, format: AuditExportFormat): string =>
  format === 'csv' ? csvLine(event) : `${JSON.stringify(event)}\n`;

/**
 * The history as lines of a file, a line at a time so an export of a million events never
 * holds them all.
 */
export async function* auditExportLines(
  entries: AsyncIterable<RecordedEvent>,
  format: AuditExportFormat,
): AsyncGenerator<string> {
  yield auditExportHeader(format);
  for await (const event of entries) yield auditExportLine(event, format);
}

/** A download of the history: its headers and its lines, streamed. */
export interface AuditExportFile {
  headers: { 'content-type': string; 'content-disposition': string };
  body: Readable;
}

/**
 * The matching `entries` as a file named for `today` (YYYY-MM-DD), for every way the history is
 * downloaded (the API's export, the signed-in pages). The first entry is read before the file
 * starts, so a filter the read model refuses throws here, never in the middle of a download.
 */
export async function auditExportFile(
  entries: AsyncIterable<RecordedEvent>,
  format: AuditExportFormat,
  today: string,
): Promise<AuditExportFile> {
  const iterator = entries[Symbol.asyncIterator]();
  const first = await iterator.next();
  const all = async function* (): AsyncGenerator<RecordedEvent> {
    for (let next = first; !next.done; next = await iterator.next()) yield next.value;
  };
  const lines = auditExportLines(all(), format);
  return {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      'content-disposition': `attachment; filename="audit-${today}.${format}"`,
    },
    body: Readable.from(lines),
  };
}
