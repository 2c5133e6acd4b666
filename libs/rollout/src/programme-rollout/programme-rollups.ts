import { Inject, Injectable } from '@nestjs/common';
import { AreaSuccessions, LocalAuthorityRegister } from '@app/areas';
import { EVENT_STORE, EventStore, ReadModelDatabase, RecordedEvent } from '@app/event-store';
import {
  Clock,
  CURRENT,
  dayOf,
  isCurrent,
  isoDate,
  notFound,
  recordedBy,
  TaskLimiter,
  TimeSlice,
} from '@app/kernel';
import { areaRolloutStream, AreaRolloutState } from '../domain/area-rollout';
import { programmeStream, ProgrammeState } from '../domain/programme';
import { areaRolloutFolder, foldProgramme, inSlice } from '../domain/recorded';
import { ProgrammeRollup, rollUp } from '../domain/roll-up';
import { RolloutReadModel } from '../read-model/rollout.read-model';

/** Areas folded in a time slice between two pauses for the event loop. */
const FOLDS_BETWEEN_PAUSES = 8;
/**
 * Roll-ups folded in time slices at once: each holds the programme's whole history in memory, so
 * others wait their turn rather than add up.
 */
const CONCURRENT_SLICE_FOLDS = 1;

/**
 * Programmes and their roll-ups for today, from the read model. Both are computed again only
 * when the read models, the successions or the date changed since they were last asked for.
 */
@Injectable()
export class ProgrammeRollups {
  private readonly sliceFolds = new TaskLimiter(CONCURRENT_SLICE_FOLDS);

  constructor(
    private readonly readModel: RolloutReadModel,
    private readonly readModels: ReadModelDatabase,
    private readonly successions: AreaSuccessions,
    private readonly areas: LocalAuthorityRegister,
    private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The day a slice looks at: overdue milestones and successions count from it. */
  today(slice: TimeSlice = CURRENT): string {
    return isCurrent(slice) ? isoDate(this.clock.now()) : dayOf(slice, this.clock.now());
  }

  programmes(): Promise<ProgrammeState[]> {
    return this.readModels.answer('programmes', () => this.readModel.listProgrammes());
  }

  async programme(id: string): Promise<ProgrammeState> {
    const programme = await this.readModels.answer(`programme:${id}`, () =>
      this.readModel.programme(id),
    );
    if (!programme) throw notFound('Programme', id);
    return programme;
  }

  /** The programme's definition as a slice sees it (targets moved later do not count yet). */
  async programmeIn(id: string, slice: TimeSlice): Promise<ProgrammeState> {
    if (isCurrent(slice)) return this.programme(id);
    const programme = foldProgramme(
      inSlice(await this.store.readStream(programmeStream(id)), slice),
    );
    if (!programme) throw notFound('Programme', id);
    return programme;
  }

  /** One area's rollout folded from its stream as a slice sees it. */
  async areaRolloutIn(
    programmeId: string,
    areaCode: string,
    slice: TimeSlice,
    upToVersion: number | null = null,
  ): Promise<{
    state: AreaRolloutState | null;
    version: number;
    timeline: RecordedEvent[];
  }> {
    const streamId = areaRolloutStream(programmeId, areaCode);
    const stored = await this.store.readStream(streamId);
    // A command's answer is the stream as it was right after that command (also for a retry).
    const events = upToVersion === null ? stored : stored.slice(0, upToVersion);
    const visible = inSlice(events, slice);
    return {
      state: areaRolloutFolder(streamId)(visible),
      version: events.length,
      get timeline() {
        return events.filter(recordedBy(slice));
      },
    };
  }

  /**
   * The roll-up now (from the read model, cached), or in a time slice: every area's events
   * folded as the slice sees it, summed on the slice's day.
   */
  async rollup(programme: ProgrammeState, slice: TimeSlice = CURRENT): Promise<ProgrammeRollup> {
    if (!isCurrent(slice)) return this.sliceFolds.run(() => this.rollupIn(programme, slice));
    const successions = await this.successions.current();
    const today = this.today();
    return this.readModels.answer(
      `rollup:${programme.id}`,
      async () =>
        rollUp(
          await this.programme(programme.id),
          await this.readModel.rollouts(programme.id),
          successions,
          this.areas,
          today,
        ),
      `${successions.size}|${today}`,
    );
  }

  private async rollupIn(programme: ProgrammeState, slice: TimeSlice): Promise<ProgrammeRollup> {
    const byStream = new Map<string, RecordedEvent[]>();
    for (const event of await this.readModel.historyOf(programme.id, slice.asOf)) {
      const stream = byStream.get(event.streamId);
      if (stream) stream.push(event);
      else byStream.set(event.streamId, [event]);
    }
    const rollouts: (AreaRolloutState | null)[] = [];
    for (const [streamId, events] of byStream) {
      rollouts.push(areaRolloutFolder(streamId)(inSlice(events, slice)));
      // Folding every area takes tens of milliseconds: other requests are answered meanwhile.
      if (rollouts.length % FOLDS_BETWEEN_PAUSES === 0) await new Promise(setImmediate);
    }
    return rollUp(
      await this.programmeIn(programme.id, slice),
      rollouts.filter((state): state is AreaRolloutState => state !== null),
      await this.successions.at(slice),
      this.areas,
      this.today(slice),
    );
  }
}
