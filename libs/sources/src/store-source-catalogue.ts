import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import type { RecordedEvent } from '@app/kernel';
import { SOURCE_ID_PATTERN, SourceCatalogue } from '@app/kernel';
import { foldStored } from './domain/recorded';
import { sourceStream } from './domain/source.events';
import { Source } from './domain/source.state';

/**
 * Finds a source by folding its stream at every call (through the stream cache, which re-reads
 * whatever another process committed), so a recommendation is checked against the source's
 * latest themes, not a read model that may lag.
 */
@Injectable()
export class StoreSourceCatalogue extends SourceCatalogue {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async find(sourceId: string): Promise<Source | null> {
    return foldStored(await this.events(sourceId));
  }

  /** Every event of the source's stream, oldest first: its history. */
  async events(sourceId: string): Promise<RecordedEvent[]> {
    // An id that cannot be a source's names no stream worth reading.
    if (!SOURCE_ID_PATTERN.test(sourceId)) return [];
    return this.store.readStream(sourceStream(sourceId));
  }
}
