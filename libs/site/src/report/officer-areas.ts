import { Injectable } from '@nestjs/common';
import { LocalAuthorityRegister } from '@app/areas';
import { type Actor, areasOf, CURRENT, DomainError, ErrorCode, notFound } from '@app/kernel';
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

/**
 * The areas an officer reports for and their rollouts, read as the API reads them. Refusals
 * are the contexts' DomainErrors, which the signed-in pages' filter shows as pages: FORBIDDEN
 * as 403, NOT_FOUND as "Page not found".
 */
@Injectable()
export class OfficerAreas {
  constructor(
    private readonly rollups: ProgrammeRollups,
    private readonly timelines: AreaRolloutTimeline,
    private readonly areas: LocalAuthorityRegister,
  ) {}

  /** Every area the officer reports for, as the rollout context's policy says (one at least). */
  ownAreas(actor: Actor): string[] {
    const areaCodes = [...areasOf(actor)];
    // An officer of no area is refused as the policy refuses a report for none.
    if (areaCodes.length === 0) assertMayReport(actor, '');
    for (const areaCode of areaCodes) assertMayReport(actor, areaCode);
    return areaCodes;
  }

  readonly areaName = (code: string): string => this.areas.get(code)?.name ?? code;

  /**
   * The programme and the area's rollout of it now (with the areas it carries), once the
   * policy has said the officer may report for the area; not enrolled is not found.
   */
  async area(
    actor: Actor,
    programmeId: string,
    areaCode: string,
  ): Promise<{ programme: ProgrammeState; view: AreaRolloutView }> {
    assertMayReport(actor, areaCode);
    if (!this.areas.has(areaCode)) throw notFound('Area', areaCode);
    const programme = await this.rollups.programme(programmeId);
    return { programme, view: await this.timelines.view(programmeId, areaCode, CURRENT) };
  }

  /** Every programme the area is enrolled in (or was, before it withdrew), and where it stands. */
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

  /**
   * Every programme any of the officer's areas is enrolled in (or was), each once, in the
   * order of the first area's: an officer of several areas uploads one file for all of them.
   */
  async programmesOf(actor: Actor): Promise<ProgrammeState[]> {
    const enrolments = await Promise.all(
      this.ownAreas(actor).map((areaCode) => this.enrolments(areaCode)),
    );
    const byId = new Map(
      enrolments.flat().map(({ programme }) => [programme.id, programme] as const),
    );
    return [...byId.values()];
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
