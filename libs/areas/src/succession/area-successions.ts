import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { isCurrent, recordedBy, TimeSlice } from '@app/kernel';
import { AREA_STREAM_PREFIX, Succession } from './area-succession';

/**
 * Every recorded succession, kept in memory: they are few, and reading only the events after
 * the last one seen keeps each answer current, including successions written by another process.
 */
@Injectable()
export class AreaSuccessions {
  private readonly byArea = new Map<string, Succession>();
  private position = 0;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async current(): Promise<ReadonlyMap<string, Succession>> {
    const events = await this.store.readAll({
      after: this.position,
      streamPrefix: AREA_STREAM_PREFIX,
    });
    for (const event of events) {
      if (event.type === 'AreaSucceeded') {
        const succession = event.data as unknown as Succession;
        this.byArea.set(succession.areaCode, succession);
      }
      this.position = Math.max(this.position, event.position);
    }
    return this.byArea;
  }

  /** The successions recorded by a time slice's asOf (their dates say when they took effect). */
  async at(slice: TimeSlice): Promise<ReadonlyMap<string, Succession>> {
    if (isCurrent(slice) || !slice.asOf) return this.current();
    const events = await this.store.readAll({ streamPrefix: AREA_STREAM_PREFIX });
    return new Map(
      events
        .filter(recordedBy(slice))
        .filter((event) => event.type === 'AreaSucceeded')
        .map((event) => {
          const succession = event.data as unknown as Succession;
          return [succession.areaCode, succession];
        }),
    );
  }

  async of(areaCode: string): Promise<Succession | null> {
    return (await this.current()).get(areaCode) ?? null;
  }
}
