import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  EventStore,
  ProjectionReadModel,
  ReadModelDatabase,
  SqlValue,
} from '@app/event-store';
import { RUN_PROJECTIONS } from '@app/platform';
import type { AllocationState, GrantAllocation } from '../domain/grant-allocation';
import { fundingProjection } from './funding.projection';

export interface AllocationFilter {
  programmeId?: string | null;
  /** Only these areas (a region's, or one). */
  areaCodes?: readonly string[] | null;
  /** Only allocations made by this day (YYYY-MM-DD): a page shown as of an earlier date. */
  allocatedBy?: string | null;
}

/** Grant allocations in force (not withdrawn), from the SQL read model. */
@Injectable()
export class FundingReadModel extends ProjectionReadModel {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    database: ReadModelDatabase,
    @Inject(RUN_PROJECTIONS) runsProjection: boolean,
  ) {
    super(store, database, fundingProjection, runsProjection);
  }

  /** The allocations that match, by programme, area and period. */
  async list(filter: AllocationFilter = {}): Promise<GrantAllocation[]> {
    const conditions = ['withdrawn = 0'];
    const params: SqlValue[] = [];
    if (filter.programmeId) {
      conditions.push('programme_id = ?');
      params.push(filter.programmeId);
    }
    if (filter.areaCodes) {
      if (filter.areaCodes.length === 0) return [];
      conditions.push(`area_code IN (${filter.areaCodes.map(() => '?').join(', ')})`);
      params.push(...filter.areaCodes);
    }
    if (filter.allocatedBy) {
      conditions.push('allocated_on <= ?');
      params.push(filter.allocatedBy);
    }
    const rows = await this.database.sql.all<{ state: string }>(
      `SELECT state FROM grant_allocations WHERE ${conditions.join(' AND ')}
       ORDER BY programme_id, area_code, period_start, allocation_id`,
      params,
    );
    return rows.map((row) => {
      const { withdrawn: _withdrawn, ...allocation } = JSON.parse(row.state) as AllocationState;
      return allocation;
    });
  }
}
