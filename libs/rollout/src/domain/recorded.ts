import {
  EventMetadata,
  isoDate,
  memoizedFold,
  recordedBy,
  TimeSlice,
  type RecordedEvent,
  type StoredFact,
} from '@app/kernel';
import {
  AreaRolloutEvent,
  AreaRolloutState,
  evolveAreaRollout,
  parseAreaRolloutStream,
} from './area-rollout';
import { evolveProgramme, ProgrammeEvent, ProgrammeState } from './programme';
import { asOnDay } from './valid-time';

const metadataOf = (stored: StoredFact): EventMetadata =>
  stored.metadata as unknown as EventMetadata;

/** Folds one stored event of a programme's stream into its state. */
export const evolveStoredProgramme = (
  state: ProgrammeState | null,
  stored: StoredFact,
): ProgrammeState =>
  evolveProgramme(
    state,
    { type: stored.type, data: stored.data } as ProgrammeEvent,
    metadataOf(stored).occurredAt,
  );

export const foldProgramme: (events: readonly StoredFact[]) => ProgrammeState | null =
  memoizedFold(evolveStoredProgramme);

type AreaIds = ReturnType<typeof parseAreaRolloutStream>;

const evolveStoredFact = (
  state: AreaRolloutState | null,
  stored: StoredFact,
  ids: AreaIds,
): AreaRolloutState =>
  evolveAreaRollout(
    state,
    {
      event: { type: stored.type, data: stored.data } as AreaRolloutEvent,
      evidence: metadataOf(stored).evidence ?? [],
    },
    ids,
  );

/** Folds one stored event of an area rollout stream into its state. */
export const evolveStoredAreaRollout = (
  state: AreaRolloutState | null,
  stored: StoredFact & { streamId: string },
): AreaRolloutState => evolveStoredFact(state, stored, parseAreaRolloutStream(stored.streamId));

const foldAreaRollout = memoizedFold(evolveStoredFact);

/** Folds an area rollout's stream (the stream id names its programme and area). */
export const areaRolloutFolder = (
  streamId: string,
): ((events: readonly StoredFact[]) => AreaRolloutState | null) => {
  const ids = parseAreaRolloutStream(streamId);
  return (events) => foldAreaRollout(events, ids);
};

/**
 * The events of a rollout or programme stream as a time slice sees them: those recorded by
 * asOf, each as it bears on the world on validAt's day (see asOnDay). An area enrolled after
 * that day has no rollout yet.
 */
export function inSlice(events: readonly RecordedEvent[], slice: TimeSlice): RecordedEvent[] {
  const recorded = events.filter(recordedBy(slice));
  if (!slice.validAt) return recorded;
  const day = isoDate(new Date(slice.validAt));
  const visible: RecordedEvent[] = [];
  for (const stored of recorded) {
    const event = asOnDay(
      stored as unknown as AreaRolloutEvent | ProgrammeEvent,
      metadataOf(stored).occurredAt,
      day,
    );
    const startsStream =
      visible.length > 0 || event?.type === 'AreaEnrolled' || event?.type === 'ProgrammeCreated';
    if (event && startsStream) visible.push({ ...stored, type: event.type, data: event.data });
  }
  return visible;
}
