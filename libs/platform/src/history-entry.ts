import {
  seesWhoAndWhy,
  type EventMetadata,
  type HistoryScope,
  type RecordedEvent,
} from '@app/kernel';
import type { HistoryEntryModel } from './history-entry.model';

/**
 * A stored event as the API shows it: the event, when on both time axes, and who and why as far
 * as the reader's scope allows (seesWhoAndWhy). `areaCode` is the area the event is about, null
 * for none.
 */
export function toHistoryEntryModel(
  event: RecordedEvent,
  reader: HistoryScope,
  areaCode: string | null,
): HistoryEntryModel {
  const metadata = event.metadata as unknown as EventMetadata;
  const what = {
    streamId: event.streamId,
    type: event.type,
    version: event.version,
    position: event.position,
    data: event.data,
    occurredAt: metadata.occurredAt,
    recordedAt: event.recordedAt,
  };
  if (!seesWhoAndWhy(reader, areaCode, metadata.actor)) {
    return {
      ...what,
      actor: null,
      reason: null,
      evidence: [],
      commandId: null,
      correlationId: null,
      causationId: null,
      metadata: null,
    };
  }
  return {
    ...what,
    actor: metadata.actor,
    reason: metadata.reason,
    evidence: metadata.evidence,
    commandId: metadata.commandId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    metadata: event.metadata,
  };
}
