import {
  InMemoryFold,
  insertRows,
  integerKey,
  Projection,
  ReadModelSql,
  RecordedEvent,
  SqlValue,
} from '@app/event-store';
import {
  AREA_ROLLOUT_STREAM_PREFIX,
  AreaRolloutState,
  parseAreaRolloutStream,
} from '../domain/area-rollout';
import { PROGRAMME_STREAM_PREFIX, ProgrammeState } from '../domain/programme';
import { evolveStoredAreaRollout, evolveStoredProgramme } from '../domain/recorded';

/** One row per programme: its definition and national targets, folded by the domain's evolve. */
export const programmesProjection: Projection = {
  name: 'programmes',
  tables: ['programmes'],
  streamPrefix: PROGRAMME_STREAM_PREFIX,

  setup: (db) =>
    db.exec(`CREATE TABLE IF NOT EXISTS programmes (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      version INTEGER NOT NULL,
      position ${integerKey(db)} NOT NULL,
      state TEXT NOT NULL
    )`),

  async apply(db, event): Promise<void> {
    const id = event.streamId.slice(PROGRAMME_STREAM_PREFIX.length);
    const row = await db.get<{ state: string }>('SELECT state FROM programmes WHERE id = ?', [id]);
    const before = row ? programmeStateOf(row.state) : null;
    const state = evolveStoredProgramme(before, event);
    await db.run(
      `INSERT INTO programmes (id, name, version, position, state) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, version = excluded.version,
         position = excluded.position, state = excluded.state`,
      [id, state.name, state.version, event.position, JSON.stringify(state)],
    );
  },
};

/** A programme's row as stored; one written before programmes had facts has none yet. */
export const programmeStateOf = (json: string): ProgrammeState =>
  ({
    facts: [],
    nationalMilestones: [],
    ...(JSON.parse(json) as Partial<ProgrammeState>),
  }) as ProgrammeState;

/** One row per programme and area: the area's rollout folded by the domain's evolve. */
export const areaRolloutsProjection: Projection = {
  name: 'area-rollouts',
  tables: ['area_rollouts'],
  streamPrefix: AREA_ROLLOUT_STREAM_PREFIX,

  setup: (db) =>
    db.exec(`CREATE TABLE IF NOT EXISTS area_rollouts (
      programme_id TEXT NOT NULL,
      area_code TEXT NOT NULL,
      version INTEGER NOT NULL,
      position ${integerKey(db)} NOT NULL,
      state TEXT NOT NULL,
      PRIMARY KEY (programme_id, area_code)
    )`),

  apply: (db, event) => applyAreaRolloutEvents(db, [event]),
  applyBatch: applyAreaRolloutEvents,
  foldInMemory(): InMemoryFold {
    const rows = new Map<string, { state: AreaRolloutState; position: number }>();
    return {
      apply(events): void {
        for (const event of events) {
          const row = rows.get(event.streamId);
          const state = evolveStoredAreaRollout(row?.state ?? null, event);
          if (row) {
            row.state = state;
            row.position = event.position;
          } else rows.set(event.streamId, { state, position: event.position });
        }
      },
      write: (db) =>
        insertRows(
          db,
          'area_rollouts',
          AREA_ROLLOUT_COLUMNS,
          Array.from(rows, ([streamId, { state, position }]) => {
            const { programmeId, areaCode } = parseAreaRolloutStream(streamId);
            return [programmeId, areaCode, state.version, position, JSON.stringify(state)];
          }),
        ).then(() => undefined),
    };
  },
};

const AREA_ROLLOUT_COLUMNS = ['programme_id', 'area_code', 'version', 'position', 'state'];

/** Each area's row is read and written once per batch, however many of its events it holds. */
async function applyAreaRolloutEvents(
  db: ReadModelSql,
  events: readonly RecordedEvent[],
): Promise<void> {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const stream = byStream.get(event.streamId);
    if (stream) stream.push(event);
    else byStream.set(event.streamId, [event]);
  }
  for (const [streamId, streamEvents] of byStream) {
    const { programmeId, areaCode } = parseAreaRolloutStream(streamId);
    const row = await db.get<{ state: string }>(
      'SELECT state FROM area_rollouts WHERE programme_id = ? AND area_code = ?',
      [programmeId, areaCode],
    );
    const state = streamEvents.reduce<AreaRolloutState | null>(
      evolveStoredAreaRollout,
      row ? (JSON.parse(row.state) as AreaRolloutState) : null,
    )!;
    await db.run(
      `INSERT INTO area_rollouts (programme_id, area_code, version, position, state)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (programme_id, area_code) DO UPDATE SET version = excluded.version,
           position = excluded.position, state = excluded.state`,
      [
        programmeId,
        areaCode,
        state.version,
        streamEvents[streamEvents.length - 1].position,
        JSON.stringify(state),
      ],
    );
  }
}

/**
 * Every area rollout event with only what a time-travelling roll-up folds (no actor, no
 * integrity block), by programme: one indexed query replaces reading every area's stream.
 * The events themselves, slimmed; states are still folded from them on each read.
 */
export const rolloutHistoryProjection: Projection = {
  name: 'rollout-history',
  tables: ['rollout_history'],
  streamPrefix: AREA_ROLLOUT_STREAM_PREFIX,
  indexes: [
    'CREATE INDEX IF NOT EXISTS rollout_history_by_programme ON rollout_history (programme_id, position)',
  ],

  setup: (db) =>
    db.exec(`CREATE TABLE IF NOT EXISTS rollout_history (
      position ${integerKey(db)} PRIMARY KEY,
      programme_id TEXT NOT NULL,
      stream_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      occurred_at TEXT NOT NULL,
      recorded_at TEXT NOT NULL
    )`),

  // An event at a position never changes: applying it again (a replay) changes nothing.
  apply: (db, event) =>
    insertRows(db, 'rollout_history', HISTORY_COLUMNS, [historyRow(event)], HISTORY_CONFLICT).then(
      () => undefined,
    ),
  applyBatch: (db, events) =>
    insertRows(
      db,
      'rollout_history',
      HISTORY_COLUMNS,
      events.map(historyRow),
      HISTORY_CONFLICT,
    ).then(() => undefined),
};

const HISTORY_COLUMNS = [
  'position',
  'programme_id',
  'stream_id',
  'version',
  'type',
  'data',
  'occurred_at',
  'recorded_at',
];
const HISTORY_CONFLICT = 'ON CONFLICT (position) DO NOTHING';

function historyRow(event: RecordedEvent): SqlValue[] {
  return [
    event.position,
    parseAreaRolloutStream(event.streamId).programmeId,
    event.streamId,
    event.version,
    event.type,
    JSON.stringify(event.data),
    (event.metadata as { occurredAt?: string }).occurredAt ?? event.recordedAt,
    event.recordedAt,
  ];
}
