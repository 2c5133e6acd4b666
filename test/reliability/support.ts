import Database from 'better-sqlite3';
import { join } from 'path';
import { escapeIdentifier } from 'pg';
import { TrackerServer, withDatabase, type GraphQLResponse } from '../support/tracker-server';

/** `full` runs the sizes the issue asks for; `ci` a bounded version for every CI run. */
export const SCALE = process.env.RELIABILITY_SCALE === 'ci' ? 'ci' : 'full';

const sizes = {
  full: {
    writers: 100,
    commands: 10_000,
    crashCycles: 20,
    badInputs: 10_000,
    badImports: 1_000,
    hostileQueries: 3_000,
  },
  ci: {
    writers: 20,
    commands: 1_000,
    crashCycles: 3,
    badInputs: 2_000,
    badImports: 200,
    hostileQueries: 600,
  },
} as const;

/** The suite's sizes at this scale, each overridable (RELIABILITY_WRITERS=..., and so on). */
export const SIZES = {
  writers: Number(process.env.RELIABILITY_WRITERS) || sizes[SCALE].writers,
  commands: Number(process.env.RELIABILITY_COMMANDS) || sizes[SCALE].commands,
  crashCycles: Number(process.env.RELIABILITY_CRASH_CYCLES) || sizes[SCALE].crashCycles,
  badInputs: Number(process.env.RELIABILITY_BAD_INPUTS) || sizes[SCALE].badInputs,
  badImports: Number(process.env.RELIABILITY_BAD_IMPORTS) || sizes[SCALE].badImports,
  hostileQueries: Number(process.env.RELIABILITY_HOSTILE_QUERIES) || sizes[SCALE].hostileQueries,
};

/** The seed every generator starts from (RELIABILITY_SEED to vary it). */
export const SEED = Number(process.env.RELIABILITY_SEED) || 20261123;

export const LAMBETH = 'E09000022';
export const SOUTHWARK = 'E09000028';

export interface StoredEvent {
  position: number;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  commandId: string | null;
}

interface EventMetadata {
  commandId?: string;
}
/** SQLite hands metadata over as text; PostgreSQL as parsed JSON. */
type StoredRow = Omit<StoredEvent, 'commandId'> & { metadata: string | EventMetadata };

/**
 * Reads the server's event store directly, independently of the API: its SQLite file
 * (read-only), or its PostgreSQL schema (under E2E_EVENT_STORE=postgres).
 */
export async function storedEvents(
  server: TrackerServer,
  streamPrefix = '',
): Promise<StoredEvent[]> {
  const rows = server.schema
    ? await withDatabase(async (client) => {
        const { rows } = await client.query<StoredRow>(
          `SELECT position::int AS position, stream_id, version, event_id, type, metadata
           FROM ${escapeIdentifier(server.schema!)}.events
           WHERE left(stream_id, $1) = $2 ORDER BY position`,
          [streamPrefix.length, streamPrefix],
        );
        return rows;
      })
    : withSqliteEvents(
        server,
        (db) =>
          db
            .prepare(
              `SELECT position, stream_id, version, event_id, type, metadata FROM events
             WHERE substr(stream_id, 1, ?) = ? ORDER BY position`,
            )
            .all(streamPrefix.length, streamPrefix) as StoredRow[],
      );
  return rows.map(({ metadata, ...row }) => ({
    ...row,
    commandId:
      (typeof metadata === 'string' ? (JSON.parse(metadata) as EventMetadata) : metadata)
        .commandId ?? null,
  }));
}

/** How many events the store holds. */
export async function eventCount(server: TrackerServer): Promise<number> {
  if (!server.schema) {
    return withSqliteEvents(
      server,
      (db) => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n,
    );
  }
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${escapeIdentifier(server.schema!)}.events`,
    );
    return rows[0].n;
  });
}

function withSqliteEvents<T>(server: TrackerServer, read: (db: Database.Database) => T): T {
  const db = new Database(join(server.dataDir, 'events.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Versions 1..n, each once, in position order: the stream has no gap and no duplicate. */
export function contiguous(events: StoredEvent[]): boolean {
  const byStream = new Map<string, number[]>();
  for (const event of events) {
    const versions = byStream.get(event.stream_id) ?? [];
    versions.push(event.version);
    byStream.set(event.stream_id, versions);
  }
  return [...byStream.values()].every((versions) => versions.every((v, i) => v === i + 1));
}

/** Runs `tasks` with at most `limit` in flight; returns their results in order. */
export async function pool<T>(
  count: number,
  limit: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

/** Waits until every projection of the server has caught up with the store (lag 0). */
export async function caughtUp(server: TrackerServer, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await server
      .healthDetail()
      .then(({ body }) => body)
      .catch(() => null);
    if (health?.projections?.length && health.projections.every((p) => p.lag === 0)) return;
    if (Date.now() > deadline)
      throw new Error(`projections did not catch up: ${JSON.stringify(health)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The 32 London boroughs (E09000002 to E09000033), to spread writes over many streams. */
export const LONDON = Array.from(
  { length: 32 },
  (_, i) => `E090000${String(i + 2).padStart(2, '0')}`,
);

/** Creates a programme of three milestones and enrols `areas` (Lambeth and Southwark) in it. */
export async function createProgramme(
  server: TrackerServer,
  token: string,
  id: string,
  areas: string[] = [LAMBETH, SOUTHWARK],
): Promise<void> {
  const created = await server.gql(
    `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`,
    {
      input: {
        id,
        name: `Programme ${id}`,
        recommendations: ['CSC-SWIS'],
        milestones: [
          { key: 'schools-recruited', title: 'Schools recruited', targetDate: '2026-01-31' },
          { key: 'social-workers-in-post', title: 'Social workers in post' },
          { key: 'trial-data-returned', title: 'Trial data returned' },
        ],
      },
    },
    token,
  );
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  for (const areaCode of areas) {
    const enrolled = await server.gql(
      `mutation($input: EnrolAreaInput!) { enrolArea(input: $input) { version } }`,
      { input: { programmeId: id, areaCode, enrolledOn: '2020-01-01' } },
      token,
    );
    if (enrolled.errors) throw new Error(JSON.stringify(enrolled.errors));
  }
}

export const REPORT_STATUS = `mutation($input: ReportStatusInput!) { reportStatus(input: $input) { version } }`;

/** The day of the n-th status report: periods one day long from 2020-01-01, over 2,000 days. */
export const day = (n: number): string =>
  new Date(Date.UTC(2020, 0, 1) + (n % 2000) * 86_400_000).toISOString().slice(0, 10);

/** The n-th status report of an area: its own day, its own command id. */
export const statusReport = (
  programmeId: string,
  areaCode: string,
  n: number,
  commandId: string,
) => ({
  programmeId,
  areaCode,
  rag: (['GREEN', 'AMBER', 'RED'] as const)[n % 3],
  commentary: `Report ${n}`,
  periodStart: day(n),
  periodEnd: day(n),
  commandId,
});

/** The response's error codes, for messages. */
export const codes = (response: GraphQLResponse): string[] =>
  (response.errors ?? []).map((error) => String(error.extensions?.code));

/**
 * The server a fuzzing part sends its cases to (no timed seals, so none is written between two
 * counts of the events): an admin's token and a programme to report on, made before the part's
 * own setup; the part's figures are printed when it ends.
 */
export function fuzzedServer(
  part: string,
  env: NodeJS.ProcessEnv,
  programmeId: string,
): { server: TrackerServer; token: () => string; figures: Record<string, unknown> } {
  const server = new TrackerServer(`rel-${part.replace(/\W+/g, '-')}`, {
    ...env,
    SEAL_INTERVAL_SECONDS: '0',
  });
  const figures: Record<string, unknown> = {};
  let token = '';
  beforeAll(async () => {
    await server.start();
    token = server.createToken('ADMIN', 'Ann Admin');
    await createProgramme(server, token, programmeId);
  });
  afterAll(async () => {
    console.log(`reliability figures (${part}): ${JSON.stringify(figures)}`);
    await server.dispose();
  });
  return { server, token: () => token, figures };
}
