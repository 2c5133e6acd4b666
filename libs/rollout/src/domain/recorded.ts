import type { StoredFact } from '@app/event-store';
import type { EventMetadata } from '@app/kernel';
import {
  AreaRolloutEvent,
  AreaRolloutState,
  evolveAreaRollout,
  parseAreaRolloutStream,
} from './area-rollout';
import { evolveProgramme, ProgrammeEvent, ProgrammeState } from './programme';

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

export const foldProgramme = (events: readonly StoredFact[]): ProgrammeState | null =>
  events.reduce<ProgrammeState | null>(evolveStoredProgramme, null);

/** Folds one stored event of an area rollout stream into its state. */
export const evolveStoredAreaRollout = (
  state: AreaRolloutState | null,
  stored: StoredFact & { streamId: string },
): AreaRolloutState =>
  evolveAreaRollout(
    state,
    {
      event: { type: stored.type, data: stored.data } as AreaRolloutEvent,
      evidence: metadataOf(stored).evidence ?? [],
    },
    parseAreaRolloutStream(stored.streamId),
  );

/** Folds an area rollout's stream (the stream id names its programme and area). */
export const areaRolloutFolder =
  (streamId: string) =>
  (events: readonly StoredFact[]): AreaRolloutState | null =>
    events.reduce<AreaRolloutState | null>(
      (state, stored) => evolveStoredAreaRollout(state, { ...stored, streamId }),
      null,
    );
