import {
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import type { HistoryScope } from '@app/access';
import {
  EVENT_STORE,
  EventStore,
  ProjectionRunner,
  ProjectionStatus,
  StatusOptions,
  ReadModelDatabase,
  RecordedEvent,
  SqlValue,
} from '@app/event-store';
import { instantOf, numberedCursors, PageInfo, pageInfoOf } from '@app/kernel';
import { RUN_PROJECTIONS } from '@app/platform';
import { auditTrailProjection } from './audit-trail.projection';

export interface AuditFilter {
  streamId?: string | null;
  recommendationId?: string | null;
  programmeId?: string | null;
  areaCode?: string | null;
  actorId?: string | null;
  role?: string | null;
  eventType?: string | null;
  /** System time range (recordedAt), inclusive; dates mean whole days. */
  recordedFrom?: string | null;
  recordedTo?: string | null;
  /** Business time range (occurredAt), inclusive; dates mean whole days. */
  occurredFrom?: string | null;
  occurredTo?: string | null;
}

export interface AuditPage {
  entries: RecordedEvent[];
  pageInfo: PageInfo;
  totalCount: number;
}

interface AuditRow {
  position: number;
  stream_id: string;
  version: number;
}

const cursors = numberedCursors('audit');

/** An entry's cursor: `after` it, a page reads on from there. */
export const auditCursorOf = (event: RecordedEvent): string => cursors.encode(event.position);

/**
 * The events the rows point at, in the rows' order, read from their streams: each stream's
 * versions in one read when they lie close together, else one read per event; the streams
 * read concurrently (on PostgreSQL, over the pool's connections).
 */
async function eventsOf(store: EventStore, rows: readonly AuditRow[]): Promise<RecordedEvent[]> {
  const versions = new Map<string, number[]>();
  for (const row of rows) {
    const stream = versions.get(row.stream_id);
    if (stream) stream.push(row.version);
    else versions.set(row.stream_id, [row.version]);
  }
  const found = new Map<number, RecordedEvent>();
  const keep = (events: readonly RecordedEvent[]): void => {
    for (const event of events) found.set(event.position, event);
  };
  await Promise.all(
    [...versions].map(async ([streamId, wanted]) => {
      const first = Math.min(...wanted);
      const span = Math.max(...wanted) - first + 1;
      if (span <= wanted.length * 4) {
        keep(await store.readStream(streamId, { fromVersion: first, maxCount: span }));
      } else {
        for (const version of wanted) {
          keep(await store.readStream(streamId, { fromVersion: version, maxCount: 1 }));
        }
      }
    }),
  );
  return rows.map((row) => {
    const event = found.get(row.position);
    if (!event) {
      throw new Error(`The audit trail names ${row.stream_id}@${row.version}, not in the store`);
    }
    return event;
  });
}

/** The SQL conditions of a filter and a scope, with their parameters in order. */
function whereOf(filter: AuditFilter, scope: HistoryScope): { where: string; params: SqlValue[] } {
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  const equal = (column: string, value: string | null | undefined): void => {
    if (!value) return;
    conditions.push(`${column} = ?`);
    params.push(value);
  };
  const range = (
    column: string,
    field: string,
    value: string | null | undefined,
    end: boolean,
  ): void => {
    if (!value) return;
    conditions.push(`${column} ${end ? '<=' : '>='} ?`);
    params.push(instantOf(field, value, end));
  };
  equal('stream_id', filter.streamId);
  equal('recommendation_id', filter.recommendationId);
  equal('programme_id', filter.programmeId);
  equal('area_code', filter.areaCode);
  equal('actor_id', filter.actorId);
  equal('actor_role', filter.role);
  equal('type', filter.eventType);
  range('recorded_at', 'recordedFrom', filter.recordedFrom, false);
  range('recorded_at', 'recordedTo', filter.recordedTo, true);
  range('occurred_at', 'occurredFrom', filter.occurredFrom, false);
  range('occurred_at', 'occurredTo', filter.occurredTo, true);
  if (scope.areaCode) {
    // seesWhoAndWhy (@app/kernel), in SQL.
    conditions.push('(area_code = ? OR organisation = ?)');
    params.push(scope.areaCode, scope.areaCode);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** The full history of every stream, filtered and paged by global position. */
@Injectable()
export class AuditTrailReadModel implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly runner: ProjectionRunner;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly database: ReadModelDatabase,
    @Inject(RUN_PROJECTIONS) private readonly runProjection: boolean,
  ) {
    this.runner = new ProjectionRunner(store, database, auditTrailProjection);
  }

  onModuleInit(): Promise<void> {
    return this.runner.setup();
  }

  onApplicationBootstrap(): void {
    if (this.runProjection) this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }

  status(options?: StatusOptions): Promise<ProjectionStatus> {
    return this.runner.status(options);
  }

  /** Resolves once the history includes the event at `position`. */
  waitFor(position: number, timeoutMs?: number): Promise<boolean> {
    return this.runProjection ? this.runner.waitFor(position, timeoutMs) : Promise.resolve(false);
  }

  /**
   * Waits (a few seconds at most) for the history to hold every event stored when asked: a
   * change's answer waits only for its own read model, and whoever made it, then reads the
   * trail, must find it there.
   */
  private async caughtUp(): Promise<void> {
    await this.waitFor(await this.store.headPosition(), 3000);
  }

  /**
   * One page of the matching entries, oldest first, or newest first (the cursor then pages on
   * towards older entries).
   */
  async page(
    filter: AuditFilter,
    scope: HistoryScope,
    first: number,
    after: string | null,
    newestFirst = false,
  ): Promise<AuditPage> {
    await this.caughtUp();
    const { where, params } = whereOf(filter, scope);
    const { count } = (await this.database.sql.get<{ count: number }>(
      `SELECT count(*) AS count FROM audit_entries ${where}`,
      params,
    ))!;
    const from = after ? cursors.decode(after) : null;
    const entries = newestFirst
      ? await this.readBackwards(where, params, from, first + 1)
      : await this.read(where, params, from ?? 0, first + 1);
    const page = entries.slice(0, first);
    return {
      entries: page,
      pageInfo: pageInfoOf(page.map(auditCursorOf), {
        hasNextPage: entries.length > first,
        hasPreviousPage: from !== null && (await this.anyUpTo(where, params, from, newestFirst)),
      }),
      totalCount: count,
    };
  }

  /** Every matching entry in global order, a page at a time: exports never hold the whole history. */
  async *entries(
    filter: AuditFilter,
    scope: HistoryScope,
    pageSize = 1000,
  ): AsyncGenerator<RecordedEvent> {
    await this.caughtUp();
    const { where, params } = whereOf(filter, scope);
    for (let after = 0; ;) {
      const page = await this.read(where, params, after, pageSize);
      yield* page;
      if (page.length < pageSize) return;
      after = page[page.length - 1].position;
    }
  }

  private async read(
    where: string,
    params: SqlValue[],
    after: number,
    limit: number,
  ): Promise<RecordedEvent[]> {
    const rows = await this.database.sql.all<AuditRow>(
      `SELECT position, stream_id, version FROM audit_entries
       ${where ? `${where} AND` : 'WHERE'} position > ? ORDER BY position LIMIT ?`,
      [...params, after, limit],
    );
    return eventsOf(this.store, rows);
  }

  /** Whether any entry matches at or before the cursor's `position`, in the page's order. */
  private async anyUpTo(
    where: string,
    params: SqlValue[],
    position: number,
    newestFirst: boolean,
  ): Promise<boolean> {
    const found = await this.database.sql.get(
      `SELECT 1 AS found FROM audit_entries
       ${where ? `${where} AND` : 'WHERE'} position ${newestFirst ? '>=' : '<='} ? LIMIT 1`,
      [...params, position],
    );
    return found !== undefined;
  }

  /** Entries before `before` (all when null), newest first. */
  private async readBackwards(
    where: string,
    params: SqlValue[],
    before: number | null,
    limit: number,
  ): Promise<RecordedEvent[]> {
    const bound = before === null ? '' : `${where ? 'AND' : 'WHERE'} position < ?`;
    const rows = await this.database.sql.all<AuditRow>(
      `SELECT position, stream_id, version FROM audit_entries
       ${where} ${bound} ORDER BY position DESC LIMIT ?`,
      [...params, ...(before === null ? [] : [before]), limit],
    );
    return eventsOf(this.store, rows);
  }
}
