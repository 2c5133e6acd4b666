import { DomainError, ErrorCode } from '@app/kernel';
import type { ClientBase } from 'pg';
import { WrongExpectedVersionError } from '../errors';
import type { EncodedAppend } from '../encoded-append';
import type { UnitOutcome } from '../group-commit';
import { AppendResult, expectedVersionHolds } from '../event-store.port';
import type { StoreTables } from './migrations';

/** An event ready to store: its id settled and its data and metadata as JSON text. */
export type AppendRequest = EncodedAppend;

/**
 * What one caller asked for, decided as one, all or none: a single append, or a multi-stream
 * append (its streams distinct).
 */
export type AppendUnit = AppendRequest[];

/** What the batch is checked against: the store as the append lock found it. */
export interface StoreState {
  head: number;
  recordedAt: string;
  /** Current version of each stream of the batch that exists. */
  versions: Map<string, number>;
  /** Those of the batch's event ids that are already stored. */
  storedIds: Set<string>;
}

/**
 * Rows per INSERT. pg encodes a query's arrays synchronously: an import's 40,000 rows in one
 * INSERT held the event loop for most of a second; these take a few ms each, and each INSERT's
 * round trip lets other requests in.
 */
const ROWS_PER_INSERT = 1000;

/** The batch's new rows, one array per column, for INSERTs from unnest(). */
interface EventColumns {
  position: number[];
  streamId: string[];
  version: number[];
  eventId: string[];
  type: string[];
  data: string[];
  metadata: string[];
}

/**
 * Writes a batch of units and returns each one's outcome; a refused unit (wrong version,
 * reused event id) spares the others. Checks take turns with other requests (`pace`, see
 * turnTaker), and the rows go in INSERTs of ROWS_PER_INSERT, so a large unit (an import)
 * never holds the event loop for long; it is still one transaction, all or nothing. Runs in the caller's READ COMMITTED transaction, which
 * must hold the append lock (see inLockedTransaction); nothing is durable, nor visible,
 * before the caller commits.
 *
 * All writers of a store take that transaction-scoped advisory lock first, and positions are
 * the head read under it plus one, two... So a writer gets its positions only after every
 * earlier writer committed or rolled back, and as PostgreSQL makes a commit visible before it
 * releases the locks, a reader that sees position p also sees every position below p, for
 * good. Readers therefore need no safe-point filter, and expected versions are checked
 * against versions no other writer can change before the commit.
 *
 * (The usual alternative, a sequence plus reading only rows of transactions older than the
 * snapshot's xmin in position order, can still skip: transaction 100 takes position 11 after
 * transaction 101 took 10, commits first, and a reader passes 11 while 10 is in flight.)
 */
export async function writeAppendBatch(
  client: ClientBase,
  tables: StoreTables,
  batch: AppendUnit[],
  pace: () => Promise<void>,
): Promise<UnitOutcome[]> {
  const state = await readState(client, tables, batch.flat());
  const columns: EventColumns = {
    position: [],
    streamId: [],
    version: [],
    eventId: [],
    type: [],
    data: [],
    metadata: [],
  };
  const outcomes: UnitOutcome[] = [];
  for (const unit of batch) outcomes.push(await decide(unit, state, columns, pace));
  for (let from = 0; from < columns.position.length; from += ROWS_PER_INSERT) {
    await insert(client, tables, rowsOf(columns, from), state.recordedAt);
  }
  return outcomes;
}

/** One round trip: head, clock, the batch's stream versions and its given ids already stored. */
export async function readState(
  client: ClientBase,
  { events }: StoreTables,
  batch: AppendRequest[],
): Promise<StoreState> {
  const streamIds = [...new Set(batch.map((append) => append.streamId))];
  const givenIds = batch.flatMap((append) =>
    append.events.filter((event) => !event.generatedId).map((event) => event.eventId),
  );
  const { rows } = await client.query<{
    head: string;
    now: Date;
    versions: Record<string, number>;
    stored_ids: string[];
  }>(
    // max(version) per stream in a lateral subquery: one index probe each, not a scan.
    `SELECT (SELECT coalesce(max(position), 0) FROM ${events}) AS head,
       date_trunc('milliseconds', clock_timestamp()) AS now,
       (SELECT coalesce(json_object_agg(s.id, v.version), '{}')
          FROM unnest($1::text[]) AS s(id)
          CROSS JOIN LATERAL (SELECT max(version) AS version FROM ${events} WHERE stream_id = s.id) v
          WHERE v.version IS NOT NULL) AS versions,
       ARRAY(SELECT event_id FROM ${events} WHERE event_id = ANY($2::text[])) AS stored_ids`,
    [streamIds, givenIds],
  );
  const [row] = rows;
  return {
    head: Number(row.head),
    recordedAt: row.now.toISOString(),
    versions: new Map(Object.entries(row.versions)),
    storedIds: new Set(row.stored_ids),
  };
}

/**
 * Checks one unit as if the batch's earlier ones were already stored: accepted, its rows join
 * `columns` and `state` moves on past them. Taking turns (`pace`) between streams: an import's
 * 20,000 events held the event loop for over 100 ms here.
 */
async function decide(
  unit: AppendUnit,
  state: StoreState,
  columns: EventColumns,
  pace: () => Promise<void>,
): Promise<UnitOutcome> {
  const error = await refusal(unit, state, pace);
  if (error) return { ok: false, error };
  const results: AppendResult[] = [];
  for (const append of unit) {
    results.push(accept(append, state, columns));
    await pace();
  }
  return { ok: true, results };
}

/** Why the unit cannot be stored, checking its appends in order; its streams are distinct. */
async function refusal(
  unit: AppendUnit,
  state: StoreState,
  pace: () => Promise<void>,
): Promise<Error | undefined> {
  const unitIds = new Set<string>();
  for (const { streamId, events, expectedVersion } of unit) {
    const actual = state.versions.get(streamId) ?? 0;
    if (!expectedVersionHolds(expectedVersion, actual)) {
      return new WrongExpectedVersionError(streamId, expectedVersion, actual);
    }
    for (const { eventId } of events) {
      if (state.storedIds.has(eventId) || unitIds.has(eventId)) {
        return new DomainError(ErrorCode.ALREADY_EXISTS, `Event id ${eventId} is already stored`, {
          eventId,
        });
      }
      unitIds.add(eventId);
    }
    await pace();
  }
  return undefined;
}

function accept(append: AppendRequest, state: StoreState, columns: EventColumns): AppendResult {
  const { streamId, events } = append;
  const actual = state.versions.get(streamId) ?? 0;
  events.forEach((event, index) => {
    columns.position.push(++state.head);
    columns.streamId.push(streamId);
    columns.version.push(actual + index + 1);
    columns.eventId.push(event.eventId);
    columns.type.push(event.type);
    columns.data.push(event.data);
    columns.metadata.push(event.metadata);
    state.storedIds.add(event.eventId);
  });
  const version = actual + events.length;
  state.versions.set(streamId, version);
  return { version, position: state.head, recordedAt: state.recordedAt };
}

/** The ROWS_PER_INSERT rows from `from` on. */
function rowsOf(columns: EventColumns, from: number): EventColumns {
  const to = from + ROWS_PER_INSERT;
  return {
    position: columns.position.slice(from, to),
    streamId: columns.streamId.slice(from, to),
    version: columns.version.slice(from, to),
    eventId: columns.eventId.slice(from, to),
    type: columns.type.slice(from, to),
    data: columns.data.slice(from, to),
    metadata: columns.metadata.slice(from, to),
  };
}

/**
 * Inserts the rows and notifies the listeners in one round trip. PostgreSQL delivers the
 * notification at commit, and only then: a listener never reads ahead of the data (and once,
 * however many INSERTs of the transaction asked for it).
 */
async function insert(
  client: ClientBase,
  { events, channel }: StoreTables,
  columns: EventColumns,
  recordedAt: string,
): Promise<void> {
  await client.query(
    `WITH inserted AS (
       INSERT INTO ${events} (position, stream_id, version, event_id, type, data, metadata,
         recorded_at)
       SELECT e.*, $8::timestamptz FROM unnest($1::bigint[], $2::text[], $3::integer[],
         $4::text[], $5::text[], $6::json[], $7::json[]) AS e
     )
     SELECT pg_notify($9, '')`,
    [
      columns.position,
      columns.streamId,
      columns.version,
      columns.eventId,
      columns.type,
      columns.data,
      columns.metadata,
      recordedAt,
      channel,
    ],
  );
}
