import { Inject, Injectable } from '@nestjs/common';
import type { HistoryScope } from '@app/access';
import { EVENT_STORE, EventStore, RecordedEvent } from '@app/event-store';
import { foldStored, recommendationStream } from '@app/recommendations';
import type { AuditFilter } from '../history/audit-trail.read-model';
import { AuditTrailReadModel } from '../history/audit-trail.read-model';
import { subjectsOf } from '../history/stream-subjects';
import { BOARD_CHANGE_TYPES, boardChangesOf, type BoardChanges } from './board-changes';

/** The filter's dates only: the range, on one time axis, that the changes lie in. */
export type ChangeDates = Pick<
  AuditFilter,
  'occurredFrom' | 'occurredTo' | 'recordedFrom' | 'recordedTo'
>;

/**
 * The board's changes between two dates, read from the audit trail (as the history page reads
 * it, by type), each recommendation's stage before and after read from its own stream.
 */
@Injectable()
export class BoardChangesReader {
  constructor(
    private readonly trail: AuditTrailReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async between(dates: ChangeDates, scope: HistoryScope): Promise<BoardChanges> {
    const events: RecordedEvent[] = [];
    for (const eventType of BOARD_CHANGE_TYPES) {
      for await (const event of this.trail.entries({ ...dates, eventType }, scope))
        events.push(event);
    }
    events.sort((a, b) => a.position - b.position);
    const ids = new Set(
      events.flatMap((event) => subjectsOf(event.streamId).recommendationId ?? []),
    );
    const streams = new Map<string, RecordedEvent[]>();
    for (const id of ids) streams.set(id, await this.store.readStream(recommendationStream(id)));
    return boardChangesOf(
      events,
      (id, version) => foldStored(streams.get(id)?.slice(0, version) ?? [])?.stage ?? null,
    );
  }
}
