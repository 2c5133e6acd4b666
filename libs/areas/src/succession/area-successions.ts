import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { isCurrent, recordedBy, TimeSlice } from '@app/kernel';
import { AREA_STREAM_PREFIX, Succession } from '../domain/area-succession';

/**
 * Every recorded succession, kept in memory: they are few, and reading only the events after
 * the last one seen keeps each answer current, including successions written by another process.
 */
@Injectable()
export class AreaSuccessions {
  private readonly byArea = new Map<string, Succession>();
  /** When each succession was recorded, for reads as of an earlier instant. */
  private readonly recordedAt = new Map<string, string>();
  private position = 0;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async current(): Promise<ReadonlyMap<string, Succession>> {
    // Every event up to a head read first is committed: the next call starts after it rather
    // than scanning the other streams' events since the last succession again (every time).
    const head = await this.store.headPosition();
    // Nothing committed since the last look (most calls, as group commit writes a batch at a
    // time): what is held is current.
    if (head <= this.position) return this.byArea;
    const events = await this.store.readAll({
      after: this.position,
      streamPrefix: AREA_STREAM_PREFIX,
    });
    this.position = Math.max(this.position, head);
    for (const event of events) {
      if (event.type === 'AreaSucceeded') {
        const succession = event.data as unknown as Succession;
        this.byArea.set(succession.areaCode, succession);
        this.recordedAt.set(succession.areaCode, event.recordedAt);
      }
      this.position = Math.max(this.position, event.position);
    }
    return this.byArea;
  }

  /** The successions recorded by a time slice's asOf (their dates say when they took effect). */
  async at(slice: TimeSlice): Promise<ReadonlyMap<string, Succession>> {
    const current = await this.current();
    if (isCurrent(slice) || !slice.asOf) return current;
    const recorded = recordedBy(slice);
    return new Map(
      [...current].filter(([areaCode]) => recorded({ recordedAt: this.recordedAt.get(areaCode)! })),
    );
  }
}
