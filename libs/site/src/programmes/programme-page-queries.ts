import { Injectable, NotFoundException } from '@nestjs/common';
import { LocalAuthorityRegister } from '@app/areas';
import { DomainError, ErrorCode, type RecordedEvent, type TimeSlice } from '@app/kernel';
import {
  AreaRolloutTimeline,
  ProgrammeRollups,
  type AreaRolloutView,
  type ProgrammeState,
} from '@app/rollout';
import type { ProgrammeWithRollup } from './programme-pages.view';

const isNotFound = (error: unknown): boolean =>
  error instanceof DomainError && error.code === ErrorCode.NOT_FOUND;

/** An area of a programme in a slice: its rollout and timeline, or null if it was not enrolled. */
export interface AreaInProgramme {
  programme: ProgrammeState;
  view: AreaRolloutView | null;
  events: RecordedEvent[];
}

/**
 * What the programme pages read, the public ones and the signed-in ones alike, from the rollout
 * context's query services; a programme or area that does not exist is a 404.
 */
@Injectable()
export class ProgrammePageQueries {
  constructor(
    private readonly rollups: ProgrammeRollups,
    private readonly timelines: AreaRolloutTimeline,
    private readonly areas: LocalAuthorityRegister,
  ) {}

  /** The programmes that existed in the slice, as it saw them, with their roll-ups. */
  async programmes(slice: TimeSlice): Promise<ProgrammeWithRollup[]> {
    return Promise.all(
      (await this.rollups.programmesIn(slice)).map(async (programme) => ({
        programme,
        rollup: await this.rollups.rollup(programme, slice),
      })),
    );
  }

  async programme(id: string, slice: TimeSlice): Promise<ProgrammeWithRollup> {
    const programme = await this.programmeIn(id, slice);
    return { programme, rollup: await this.rollups.rollup(programme, slice) };
  }

  /** A local authority of England in a programme: a 404 for any other code. */
  async area(id: string, areaCode: string, slice: TimeSlice): Promise<AreaInProgramme> {
    if (!this.areas.has(areaCode)) throw new NotFoundException();
    const programme = await this.programmeIn(id, slice);
    try {
      const view = await this.timelines.view(id, areaCode, slice);
      return { programme, view, events: await view.timeline() };
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return { programme, view: null, events: [] };
    }
  }

  /** An area's name by its code, current or former (the code itself if unknown). */
  readonly areaName = (code: string): string => this.areas.get(code)?.name ?? code;

  private async programmeIn(id: string, slice: TimeSlice): Promise<ProgrammeState> {
    try {
      return await this.rollups.programmeIn(id, slice);
    } catch (error) {
      if (isNotFound(error)) throw new NotFoundException();
      throw error;
    }
  }
}
