import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import {
  cachedStatement,
  EVENT_STORE,
  EventStore,
  ProjectionRunner,
  ProjectionStatus,
  ReadModelDatabase,
} from '@app/event-store';
import { RUN_PROJECTIONS } from '@app/recommendations';
import { AREA_ROLLOUT_STREAM_PREFIX, AreaRolloutState } from '../domain/area-rollout';
import type { ProgrammeState } from '../domain/programme';
import { areaRolloutsProjection, programmesProjection } from './rollout.projections';

/** Programmes and area rollouts from the SQL read model, kept by two checkpointed projections. */
@Injectable()
export class RolloutReadModel implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly programmes: ProjectionRunner;
  private readonly areaRollouts: ProjectionRunner;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly database: ReadModelDatabase,
    @Inject(RUN_PROJECTIONS) private readonly runProjections: boolean,
  ) {
    this.programmes = new ProjectionRunner(store, database, programmesProjection);
    this.areaRollouts = new ProjectionRunner(store, database, areaRolloutsProjection);
  }

  onApplicationBootstrap(): void {
    if (!this.runProjections) return;
    this.programmes.start();
    this.areaRollouts.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.programmes.stop(), this.areaRollouts.stop()]);
  }

  /** Resolves once the read model includes the event of a programme or rollout stream at `position`. */
  async waitFor(position: number, streamId?: string): Promise<boolean> {
    if (!this.runProjections) return false;
    const runner = streamId?.startsWith(AREA_ROLLOUT_STREAM_PREFIX)
      ? this.areaRollouts
      : this.programmes;
    return runner.waitFor(position);
  }

  status(): Promise<ProjectionStatus[]> {
    return Promise.all([this.programmes.status(), this.areaRollouts.status()]);
  }

  /** Changes whenever either projection moves: a key for answers derived from both. */
  get checkpoints(): string {
    return `${this.programmes.checkpoint}:${this.areaRollouts.checkpoint}`;
  }

  listProgrammes(): ProgrammeState[] {
    const rows = cachedStatement(
      this.database.db,
      'SELECT state FROM programmes ORDER BY id',
    ).all() as {
      state: string;
    }[];
    return rows.map((row) => JSON.parse(row.state) as ProgrammeState);
  }

  programme(id: string): ProgrammeState | null {
    const row = cachedStatement(this.database.db, 'SELECT state FROM programmes WHERE id = ?').get(
      id,
    ) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as ProgrammeState) : null;
  }

  /** The areas with a rollout stream in the programme: what a time-travelling read folds. */
  areaCodes(programmeId: string): string[] {
    const rows = cachedStatement(
      this.database.db,
      'SELECT area_code FROM area_rollouts WHERE programme_id = ? ORDER BY area_code',
    ).all(programmeId) as { area_code: string }[];
    return rows.map((row) => row.area_code);
  }

  rollouts(programmeId: string): AreaRolloutState[] {
    const rows = cachedStatement(
      this.database.db,
      'SELECT state FROM area_rollouts WHERE programme_id = ?',
    ).all(programmeId) as { state: string }[];
    return rows.map((row) => JSON.parse(row.state) as AreaRolloutState);
  }
}
