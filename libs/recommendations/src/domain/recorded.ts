import {
  EventMetadata,
  happenedBy,
  recordedBy,
  TimeSlice,
  type RecordedEvent,
  type StoredFact,
} from '@app/kernel';
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

/**
 * The events of a recommendation's stream visible in a time slice: recorded by asOf, and
 * happened by validAt. Steps are recorded in business order, so this is a prefix of the stream.
 */
export const visibleIn = (events: readonly RecordedEvent[], slice: TimeSlice): RecordedEvent[] =>
  events
    .filter(recordedBy(slice))
    .filter((event) => happenedBy(slice, (event.metadata as unknown as EventMetadata).occurredAt));
