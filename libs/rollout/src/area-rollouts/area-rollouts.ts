import { Inject, Injectable } from '@nestjs/common';
import type { Succession } from '@app/areas';
import {
  EVENT_STORE,
  EventStore,
  RecordedEvent,
  runStreamCommand,
  StreamCommandResult,
} from '@app/event-store';
import { CommandContext, CURRENT, isCurrent, recordedBy, TimeSlice } from '@app/kernel';
import { AreaRolloutEvent, areaRolloutStream, AreaRolloutState } from '../domain/area-rollout';
import { areaRolloutFolder, inSlice } from '../domain/recorded';
import { RolloutReadModel } from '../read-model/rollout.read-model';

/** Areas folded in a time slice between two pauses for the event loop. */
const FOLDS_BETWEEN_PAUSES = 8;

/** One area's rollout as its own stream gives it. */
export interface AreaRolloutRead {
  state: AreaRolloutState | null;
  /** Version of the area's own stream: what to pass as expectedVersion (0 if it has none). */
  version: number;
  /** Its events recorded by the slice's asOf, as stored. */
  timeline: RecordedEvent[];
}

/** A change to one area's rollout: its kind (what a retry repeats), envelope and decision. */
export interface AreaRolloutCommandRun {
  kind: string;
  context: CommandContext;
  decide(state: AreaRolloutState | null): AreaRolloutEvent[];
}

/**
 * The area rollouts of every programme, one stream per programme and area: read, folded with
 * the domain's evolve (memoized, so a stream read again folds only its new events) and sliced
 * in time. Changes, answers, timelines, roll-ups in a time slice and imports all read through
 * it.
 */
@Injectable()
export class AreaRollouts {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: RolloutReadModel,
  ) {}

  /**
   * Decides a change on the area's stream and appends what it decides (see runStreamCommand):
   * the result's state is the one folded with the events written. Once written, waits until
   * the read models include them, so roll-ups read after the answer include the change.
   */
  async change(
    programmeId: string,
    areaCode: string,
    run: AreaRolloutCommandRun,
  ): Promise<StreamCommandResult<AreaRolloutState>> {
    const streamId = areaRolloutStream(programmeId, areaCode);
    const result = await runStreamCommand(this.store, {
      streamId,
      fold: areaRolloutFolder(streamId),
      ...run,
    });
    if (result.position !== null) await this.readModel.waitFor(result.position, streamId);
    return result;
  }

  /**
   * One area's rollout folded from its own stream, never behind: as a slice sees it, and up to
   * `upToVersion` only when given (the stream as it was right after a command).
   */
  async read(
    programmeId: string,
    areaCode: string,
    slice: TimeSlice = CURRENT,
    upToVersion: number | null = null,
  ): Promise<AreaRolloutRead> {
    const streamId = areaRolloutStream(programmeId, areaCode);
    const stored = await this.store.readStream(streamId);
    const events = upToVersion === null ? stored : stored.slice(0, upToVersion);
    return {
      state: areaRolloutFolder(streamId)(inSlice(events, slice)),
      version: events.length,
      get timeline() {
        return events.filter(recordedBy(slice));
      },
    };
  }

  /**
   * The rollouts now of the former areas `areaCode` succeeded (successions few), by former
   * area: what a successor inherits and carries.
   */
  async formersOf(
    programmeId: string,
    areaCode: string,
    successions: ReadonlyMap<string, Succession>,
  ): Promise<ReadonlyMap<string, AreaRolloutState | null>> {
    const formers = [...successions.values()]
      .filter((succession) => succession.successors.includes(areaCode))
      .map((succession) => succession.areaCode);
    return new Map(
      await Promise.all(
        formers.map(
          async (former) => [former, (await this.read(programmeId, former)).state] as const,
        ),
      ),
    );
  }

  /**
   * Every enrolled area's rollout of a programme: now, as the area-rollouts read model keeps
   * them; in a time slice, the area events the rollout-history read model lists for the
   * programme, folded area by area as the slice sees them.
   */
  async ofProgramme(programmeId: string, slice: TimeSlice = CURRENT): Promise<AreaRolloutState[]> {
    if (isCurrent(slice)) return this.readModel.rollouts(programmeId);
    const byStream = new Map<string, RecordedEvent[]>();
    for (const event of await this.readModel.historyOf(programmeId, slice.asOf)) {
      const stream = byStream.get(event.streamId);
      if (stream) stream.push(event);
      else byStream.set(event.streamId, [event]);
    }
    const rollouts: AreaRolloutState[] = [];
    let folded = 0;
    for (const [streamId, events] of byStream) {
      const state = areaRolloutFolder(streamId)(inSlice(events, slice));
      if (state) rollouts.push(state);
      // Folding every area takes tens of milliseconds: other requests are answered meanwhile.
      if (++folded % FOLDS_BETWEEN_PAUSES === 0) await new Promise(setImmediate);
    }
    return rollouts;
  }
}
