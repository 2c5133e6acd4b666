import { integerKey, Projection, RecordedEvent } from '@app/event-store';
import {
  type AllocationState,
  evolveFunding,
  FUNDING_STREAM_PREFIX,
  type FundingEvent,
} from '../domain/grant-allocation';

/**
 * One row per allocation, with the columns lists filter on and the allocation as JSON, by the
 * domain's own evolve. Withdrawn allocations stay, marked, so the row keeps its history's end.
 */
export const fundingProjection: Projection = {
  name: 'funding',
  tables: ['grant_allocations'],
  streamPrefix: FUNDING_STREAM_PREFIX,
  indexes: [
    'CREATE INDEX IF NOT EXISTS grant_allocations_by_area ON grant_allocations (area_code, programme_id)',
  ],

  setup: (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS grant_allocations (
        programme_id TEXT NOT NULL,
        allocation_id TEXT NOT NULL,
        area_code TEXT NOT NULL,
        period_start TEXT NOT NULL,
        allocated_on TEXT NOT NULL,
        withdrawn INTEGER NOT NULL,
        position ${integerKey(db)} NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (programme_id, allocation_id)
      )`),

  async apply(db, event: RecordedEvent): Promise<void> {
    const programmeId = event.streamId.slice(FUNDING_STREAM_PREFIX.length);
    const allocationId = String(event.data.allocationId);
    const row = await db.get<{ state: string }>(
      'SELECT state FROM grant_allocations WHERE programme_id = ? AND allocation_id = ?',
      [programmeId, allocationId],
    );
    const before: AllocationState[] = row ? [JSON.parse(row.state) as AllocationState] : [];
    const [allocation] = evolveFunding(
      { programmeId, allocations: before },
      event as unknown as FundingEvent,
      programmeId,
    ).allocations;
    if (!allocation) return;
    await db.run(
      `INSERT INTO grant_allocations
         (programme_id, allocation_id, area_code, period_start, allocated_on, withdrawn, position, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (programme_id, allocation_id) DO UPDATE SET area_code = excluded.area_code,
         period_start = excluded.period_start, allocated_on = excluded.allocated_on,
         withdrawn = excluded.withdrawn, position = excluded.position, state = excluded.state`,
      [
        programmeId,
        allocationId,
        allocation.areaCode,
        allocation.periodStart,
        allocation.allocatedOn,
        allocation.withdrawn ? 1 : 0,
        event.position,
        JSON.stringify(allocation),
      ],
    );
  },
};
