import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import {
  cachedStatement,
  EVENT_STORE,
  EventStore,
  ProjectionRunner,
  ProjectionStatus,
  ReadModelDatabase,
} from '@app/event-store';
import { InvalidInputError } from '@app/kernel';
import type { RecommendationState } from '../domain/recommendation.state';
import { Stage, STAGES } from '../domain/stage';
import { recommendationsProjection } from './recommendations.projection';

export interface RecommendationFilter {
  stage?: Stage | null;
  theme?: string | null;
  source?: string | null;
}

export interface RecommendationPage {
  items: { cursor: string; state: RecommendationState }[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

/** Whether this process keeps the read models up to date (the CLI only reads them). */
export const RUN_PROJECTIONS = Symbol('RUN_PROJECTIONS');

const encodeCursor = (id: string): string => Buffer.from(`rec:${id}`).toString('base64url');

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('rec:'))
    throw new InvalidInputError('after', 'validCursor', 'after is not a cursor this API gave out');
  return decoded.slice(4);
}

/** Recommendations as listed and counted by the board, from the SQL read model. */
@Injectable()
export class RecommendationsReadModel implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runner: ProjectionRunner;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly database: ReadModelDatabase,
    @Inject(RUN_PROJECTIONS) private readonly runProjection: boolean,
  ) {
    this.runner = new ProjectionRunner(store, database, recommendationsProjection);
  }

  onApplicationBootstrap(): void {
    if (this.runProjection) this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }

  waitFor(position: number): Promise<boolean> {
    return this.runProjection ? this.runner.waitFor(position) : Promise.resolve(false);
  }

  status(): Promise<ProjectionStatus> {
    return this.runner.status();
  }

  list(filter: RecommendationFilter, first: number, after: string | null): RecommendationPage {
    const conditions: string[] = [];
    const params: Record<string, string | number> = {};
    const where = (condition: string, name: string, value: string): void => {
      conditions.push(condition);
      params[name] = value;
    };
    if (filter.stage) where('stage = @stage', 'stage', filter.stage);
    if (filter.theme) where('theme = @theme', 'theme', filter.theme);
    if (filter.source)
      where("source LIKE @source ESCAPE '\\'", 'source', `%${escapeLike(filter.source)}%`);
    const whereClause = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const { count } = cachedStatement(
      this.database.db,
      `SELECT count(*) AS count FROM recommendations ${whereClause}`,
    ).get(params) as { count: number };
    const afterId = after ? decodeCursor(after) : null;
    const pageWhere = afterId
      ? `${whereClause ? `${whereClause} AND` : 'WHERE'} id > @afterId`
      : whereClause;
    const rows = cachedStatement(
      this.database.db,
      `SELECT id, state FROM recommendations ${pageWhere} ORDER BY id LIMIT @limit`,
    ).all({ ...params, ...(afterId ? { afterId } : {}), limit: first + 1 }) as {
      id: string;
      state: string;
    }[];
    const items = rows.slice(0, first).map((row) => ({
      cursor: encodeCursor(row.id),
      state: JSON.parse(row.state) as RecommendationState,
    }));
    return {
      items,
      endCursor: items.at(-1)?.cursor ?? null,
      hasNextPage: rows.length > first,
      totalCount: count,
    };
  }

  stageCounts(): { stage: Stage; count: number }[] {
    const rows = cachedStatement(
      this.database.db,
      'SELECT stage, count(*) AS count FROM recommendations GROUP BY stage',
    ).all() as { stage: Stage; count: number }[];
    const counts = new Map(rows.map((row) => [row.stage, row.count]));
    return STAGES.map((stage) => ({ stage, count: counts.get(stage) ?? 0 }));
  }

  /** Every recommendation's id: the streams a time-travelling read folds. */
  ids(): string[] {
    const rows = cachedStatement(
      this.database.db,
      'SELECT id FROM recommendations ORDER BY id',
    ).all() as {
      id: string;
    }[];
    return rows.map((row) => row.id);
  }
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);
