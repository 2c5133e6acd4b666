/**
 * An event as the store recorded it. Declared here, not beside the store's port, so that the
 * pure domains can fold stored events without depending on the store.
 */
export interface RecordedEvent {
  eventId: string;
  streamId: string;
  /** 1-based position of the event in its stream; the stream's version after it. */
  version: number;
  /** Position in the global order of all events; strictly increasing, gaps allowed. */
  position: number;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** System time at which the store committed the event (ISO 8601). */
  recordedAt: string;
}

/** The parts of a stored event a fold reads. */
export type StoredFact = Pick<RecordedEvent, 'type' | 'data' | 'metadata'>;
