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

/** The board's changes, and the store position they were read at (to reproduce them). */
export interface BoardChangesRead {
  changes: BoardChanges;
  position: number;
}

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

  async between(dates: ChangeDates, scope: HistoryScope): Promise<BoardChangesRead> {
    // Read up to the head as it was when asked, so that the position names what was read.
    const position = await this.store.headPosition();
    const events: RecordedEvent[] = [];
    for (const eventType of BOARD_CHANGE_TYPES) {
      for await (const event of this.trail.entries({ ...dates, eventType }, scope))
        if (event.position <= position) events.push(event);
    }
    events.sort((a, b) => a.position - b.position);
    const ids = new Set(
      events.flatMap((event) => subjectsOf(event.streamId).recommendationId ?? []),
    );
    const streams = new Map<string, RecordedEvent[]>();
    for (const id of ids) streams.set(id, await this.store.readStream(recommendationStream(id)));
    const changes = boardChangesOf(
      events,
      (id, version) => foldStored(streams.get(id)?.slice(0, version) ?? [])?.stage ?? null,
    );
    return { changes, position };
  }
}
