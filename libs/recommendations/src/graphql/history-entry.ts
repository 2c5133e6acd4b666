import type { RecordedEvent } from '@app/event-store';
import type { EventMetadata } from '@app/kernel';
import type { HistoryEntryModel } from './recommendation.model';

/** A stored event as the API shows it: the event, who, when on both time axes, and why. */
export function toHistoryEntryModel(event: RecordedEvent): HistoryEntryModel {
  const metadata = event.metadata as unknown as EventMetadata;
  return {
    streamId: event.streamId,
    type: event.type,
    version: event.version,
    position: event.position,
    data: event.data,
    actor: metadata.actor,
    occurredAt: metadata.occurredAt,
    recordedAt: event.recordedAt,
    reason: metadata.reason,
    evidence: metadata.evidence,
    commandId: metadata.commandId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    metadata: event.metadata,
  };
}
