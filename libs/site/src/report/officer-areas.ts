import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { LocalAuthorityRegister } from '@app/areas';
import { type Actor, CURRENT, DomainError, ErrorCode } from '@app/kernel';
import {
  AreaRolloutTimeline,
  type AreaRolloutView,
  assertMayReport,
  type AreaProgress,
  ProgrammeRollups,
  type ProgrammeState,
} from '@app/rollout';
import type { Names } from './report-words';

const isNotFound = (error: unknown): boolean =>
  error instanceof DomainError && error.code === ErrorCode.NOT_FOUND;

/** The area an officer reports for, and its rollout in each programme, read as the API reads. */
@Injectable()
export class OfficerAreas {
  constructor(
    private readonly rollups: ProgrammeRollups,
    private readonly timelines: AreaRolloutTimeline,
    private readonly areas: LocalAuthorityRegister,
  ) {}

  /** The officer's own area (a local authority's token names it). */
  ownArea(actor: Actor): string {
    if (!actor.organisation) throw new ForbiddenException();
    return actor.organisation;
  }

  areaName = (code: string): string => this.areas.get(code)?.name ?? code;

  /** Refuses (403) an area the officer may not report for: the rollout context's policy decides. */
  checkMayReport(actor: Actor, areaCode: string): void {
    try {
      assertMayReport(actor, areaCode);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.FORBIDDEN) {
        throw new ForbiddenException();
      }
      throw error;
    }
  }

  /** The programme, or 404. */
  async programme(id: string): Promise<ProgrammeState> {
    try {
      return await this.rollups.programme(id);
    } catch (error) {
      if (isNotFound(error)) throw new NotFoundException();
      throw error;
    }
  }

  /** The area's rollout of the programme now, with the areas it carries; 404 if not enrolled. */
  async view(programmeId: string, areaCode: string): Promise<AreaRolloutView> {
    if (!this.areas.has(areaCode)) throw new NotFoundException();
    try {
      return await this.timelines.view(programmeId, areaCode, CURRENT);
    } catch (error) {
      if (isNotFound(error)) throw new NotFoundException();
      throw error;
    }
  }

  /** Every programme the area is enrolled in (or was, and has since left), with where it stands. */
  async enrolments(
    areaCode: string,
  ): Promise<{ programme: ProgrammeState; progress: AreaProgress }[]> {
    const found = await Promise.all(
      (await this.rollups.programmes()).map(async (programme) => {
        try {
          const { progress } = await this.timelines.view(programme.id, areaCode, CURRENT);
          return { programme, progress };
        } catch (error) {
          if (isNotFound(error)) return null;
          throw error;
        }
      }),
    );
    return found.filter((enrolment) => enrolment !== null);
  }

  /** What the report pages' words name, for one programme. */
  names(programme: ProgrammeState): Names {
    return {
      areaName: this.areaName,
      programmeName: programme.name,
      milestones: programme.milestones,
    };
  }
}
