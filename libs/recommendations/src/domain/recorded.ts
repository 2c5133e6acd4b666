import type { EventMetadata } from '@app/kernel';
import type { StoredFact } from '@app/event-store';
import type { RecommendationEvent, RecommendationHistoryEntry } from './recommendation.events';
import { foldRecommendation, RecommendationState } from './recommendation.state';

/** Reads a stored event of a recommendation's stream as the domain sees it. */
export function toHistoryEntry(stored: StoredFact): RecommendationHistoryEntry {
  const metadata = stored.metadata as unknown as EventMetadata;
  return {
    event: { type: stored.type, data: stored.data } as RecommendationEvent,
    occurredAt: metadata.occurredAt,
    reason: metadata.reason,
  };
}

export const foldStored = (events: readonly StoredFact[]): RecommendationState | null =>
  foldRecommendation(events.map(toHistoryEntry));
