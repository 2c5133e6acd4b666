import { Inject, Injectable } from '@nestjs/common';
import { AreaSuccessions, LocalAuthorityRegister } from '@app/areas';
import { EVENT_STORE, EventStore, ReadModelDatabase } from '@app/event-store';
import {
  Clock,
  CURRENT,
  dayOf,
  isCurrent,
  isoDate,
  notFound,
  TaskLimiter,
  TimeSlice,
} from '@app/kernel';
import { AreaRollouts } from '../area-rollouts/area-rollouts';
import { programmeStream, ProgrammeState } from '../domain/programme';
import { factsAsOn } from '../domain/programme-facts';
import { foldProgramme, inSlice } from '../domain/recorded';
import { ProgrammeRollup, rollUp } from '../domain/roll-up';
import { RolloutReadModel } from '../read-model/rollout.read-model';

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
    private readonly rollouts: AreaRollouts,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The day a slice looks at: overdue milestones and successions count from it. */
  today(slice: TimeSlice = CURRENT): string {
    return isCurrent(slice) ? isoDate(this.clock.now()) : dayOf(slice, this.clock.now());
  }

  /**
   * A programme's dated facts and national milestones as the slice sees them: as recorded by
   * its asOf, and only those dated by its day. `programme` is today's, used when the slice is.
   */
  async factsIn(
    programme: ProgrammeState,
    slice: TimeSlice,
  ): Promise<Pick<ProgrammeState, 'facts' | 'nationalMilestones'>> {
    const seen = isCurrent(slice) ? programme : await this.programmeIn(programme.id, slice);
    return factsAsOn(seen, this.today(slice));
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
    const programme = await this.foldedIn(id, slice);
    if (!programme) throw notFound('Programme', id);
    return programme;
  }

  /** The programmes a slice sees: those it finds created, as it sees them. */
  async programmesIn(slice: TimeSlice): Promise<ProgrammeState[]> {
    if (isCurrent(slice)) return this.programmes();
    const programmes = await Promise.all(
      (await this.programmes()).map(({ id }) => this.foldedIn(id, slice)),
    );
    return programmes.filter((programme): programme is ProgrammeState => programme !== null);
  }

  private async foldedIn(id: string, slice: TimeSlice): Promise<ProgrammeState | null> {
    return foldProgramme(inSlice(await this.store.readStream(programmeStream(id)), slice));
  }

  /**
   * The roll-up of the programme given (its parent query's): now from the read model, cached;
   * in a time slice, every area's events folded as the slice sees them, summed on the slice's
   * day, against the programme's definition as the slice sees it (targets moved later do not
   * count yet).
   */
  async rollup(programme: ProgrammeState, slice: TimeSlice = CURRENT): Promise<ProgrammeRollup> {
    if (!isCurrent(slice)) return this.sliceFolds.run(() => this.rollupIn(programme.id, slice));
    const successions = await this.successions.current();
    const today = this.today();
    return this.readModels.answer(
      `rollup:${programme.id}`,
      async () =>
        rollUp(
          programme,
          await this.rollouts.ofProgramme(programme.id),
          successions,
          this.areas,
          today,
        ),
      `${successions.size}|${today}`,
    );
  }

  private async rollupIn(programmeId: string, slice: TimeSlice): Promise<ProgrammeRollup> {
    const rollouts = await this.rollouts.ofProgramme(programmeId, slice);
    return rollUp(
      await this.programmeIn(programmeId, slice),
      rollouts,
      await this.successions.at(slice),
      this.areas,
      this.today(slice),
    );
  }
}
