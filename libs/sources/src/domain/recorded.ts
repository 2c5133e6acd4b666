import type { EventMetadata, StoredFact } from '@app/kernel';
import type { SourceEvent, SourceHistoryEntry } from './source.events';
import { foldSource, Source } from './source.state';

/** Reads a stored event of a source's stream as the domain sees it. */
export function toHistoryEntry(stored: StoredFact): SourceHistoryEntry {
  const metadata = stored.metadata as unknown as EventMetadata;
  return {
    event: { type: stored.type, data: stored.data } as SourceEvent,
    occurredAt: metadata.occurredAt,
  };
}

export const foldStored = (events: readonly StoredFact[]): Source | null =>
  foldSource(events.map(toHistoryEntry));
