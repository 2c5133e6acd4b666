import {
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import {
  EVENT_STORE,
  EventStore,
  ProjectionRunner,
  ProjectionStatus,
  StatusOptions,
  ReadModelDatabase,
  RecordedEvent,
} from '@app/event-store';
import { RUN_PROJECTIONS } from '@app/platform';
import {
  AREA_ROLLOUT_STREAM_PREFIX,
  areaRolloutStream,
  AreaRolloutState,
} from '../domain/area-rollout';
import type { ProgrammeState } from '../domain/programme';
import {
  areaRolloutsProjection,
  programmesProjection,
  programmeStateOf,
  rolloutHistoryProjection,
} from './rollout.projections';

/** Rows of a programme's history read at once, for a fold in a time slice. */
const HISTORY_PAGE = 1000;

interface HistoryRow {
  position: number;
  stream_id: string;
  version: number;
  type: string;
  data: string;
  occurred_at: string;
  recorded_at: string;
}

const toSlimEvent = (row: HistoryRow): RecordedEvent => ({
  eventId: '',
  streamId: row.stream_id,
  version: row.version,
  position: row.position,
  type: row.type,
  data: JSON.parse(row.data) as Record<string, unknown>,
  metadata: { occurredAt: row.occurred_at, evidence: [] },
  recordedAt: row.recorded_at,
});

/** Programmes and area rollouts from the SQL read model, kept by two checkpointed projections. */
@Injectable()
export class RolloutReadModel implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly programmes: ProjectionRunner;
  private readonly areaRollouts: ProjectionRunner;
  private readonly history: ProjectionRunner;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly database: ReadModelDatabase,
    @Inject(RUN_PROJECTIONS) private readonly runProjections: boolean,
  ) {
    this.programmes = new ProjectionRunner(store, database, programmesProjection);
    this.areaRollouts = new ProjectionRunner(store, database, areaRolloutsProjection);
    this.history = new ProjectionRunner(store, database, rolloutHistoryProjection);
  }

  async onModuleInit(): Promise<void> {
    for (const runner of [this.programmes, this.areaRollouts, this.history]) await runner.setup();
  }

  onApplicationBootstrap(): void {
    if (!this.runProjections) return;
    this.programmes.start();
    this.areaRollouts.start();
    this.history.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.programmes.stop(), this.areaRollouts.stop(), this.history.stop()]);
  }

  /** Resolves once the read model includes the event of a programme or rollout stream at `position`. */
  async waitFor(position: number, streamId?: string): Promise<boolean> {
    if (!this.runProjections) return false;
    const runner = streamId?.startsWith(AREA_ROLLOUT_STREAM_PREFIX)
      ? this.areaRollouts
      : this.programmes;
    return runner.waitFor(position);
  }

  status(options?: StatusOptions): Promise<ProjectionStatus[]> {
    return Promise.all([
      this.programmes.status(options),
      this.areaRollouts.status(options),
      this.history.status(options),
    ]);
  }

  /**
   * Every area rollout event of a programme recorded by `asOf` (all when null), in global
   * order, slimmed to what a roll-up folds (no actor, evidence or integrity block): the history
   * read model up to its checkpoint, then the few events the store has beyond it.
   */
  async historyOf(programmeId: string, asOf: string | null): Promise<RecordedEvent[]> {
    const checkpoint = await this.history.checkpoint();
    const rows: HistoryRow[] = [];
    // A page at a time, with a pause between pages: a programme's history is thousands of events.
    for (let after = 0; ; await new Promise(setImmediate)) {
      const page = await this.database.sql.all<HistoryRow>(
        `SELECT position, stream_id, version, type, data, occurred_at, recorded_at FROM rollout_history
         WHERE programme_id = ? AND position > ? AND position <= ? AND recorded_at <= ?
         ORDER BY position LIMIT ${HISTORY_PAGE}`,
        [programmeId, after, checkpoint, asOf ?? '9999'],
      );
      rows.push(...page);
      if (page.length < HISTORY_PAGE) break;
      after = page[page.length - 1].position;
    }
    const later = await this.store.readAll({
      after: checkpoint,
      streamPrefix: areaRolloutStream(programmeId, ''),
    });
    return [...rows.map(toSlimEvent), ...later];
  }

  /**
   * Every target set for one of the programme's areas, as stored (with its envelope: the
   * reason), in global order: found in the history read model up to its checkpoint, read from
   * their streams, then the few the store has beyond it.
   */
  async areaTargetsOf(programmeId: string): Promise<RecordedEvent[]> {
    const checkpoint = await this.history.checkpoint();
    const rows = await this.database.sql.all<Pick<HistoryRow, 'stream_id' | 'version'>>(
      `SELECT stream_id, version FROM rollout_history
       WHERE programme_id = ? AND type = 'MilestoneTargetSet' AND position <= ?
       ORDER BY position`,
      [programmeId, checkpoint],
    );
    const stored = await Promise.all(
      rows.map((row) =>
        this.store.readStream(row.stream_id, { fromVersion: row.version, maxCount: 1 }),
      ),
    );
    const later = await this.store.readAll({
      after: checkpoint,
      streamPrefix: areaRolloutStream(programmeId, ''),
    });
    return [...stored.flat(), ...later.filter((event) => event.type === 'MilestoneTargetSet')];
  }

  async listProgrammes(): Promise<ProgrammeState[]> {
    const rows = await this.database.sql.all<{ state: string }>(
      'SELECT state FROM programmes ORDER BY id',
    );
    return rows.map((row) => programmeStateOf(row.state));
  }

  async programme(id: string): Promise<ProgrammeState | null> {
    const row = await this.database.sql.get<{ state: string }>(
      'SELECT state FROM programmes WHERE id = ?',
      [id],
    );
    return row ? programmeStateOf(row.state) : null;
  }

  async rollouts(programmeId: string): Promise<AreaRolloutState[]> {
    const rows = await this.database.sql.all<{ state: string }>(
      'SELECT state FROM area_rollouts WHERE programme_id = ?',
      [programmeId],
    );
    return rows.map((row) => JSON.parse(row.state) as AreaRolloutState);
  }
}
