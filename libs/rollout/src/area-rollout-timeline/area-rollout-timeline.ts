import { Injectable } from '@nestjs/common';
import { AreaSuccessions, LocalAuthorityRegister, Succession } from '@app/areas';
import type { RecordedEvent } from '@app/event-store';
import { CURRENT, DomainError, ErrorCode, notFound, TimeSlice } from '@app/kernel';
import type { AreaRolloutChange } from '../area-change/change-area-rollout.command';
import type { ProgrammeState } from '../domain/programme';
import { AreaProgress, mergeRollouts, progressOf } from '../domain/roll-up';
import { ProgrammeRollups } from '../programme-rollout/programme-rollups';

export interface AreaRolloutView {
  programmeId: string;
  progress: AreaProgress;
  /** Version of the area's own stream: what to pass as expectedVersion (0 if it has none). */
  version: number;
  /** The successors, when this area was replaced on or before the day looked at. */
  replacedBy: Succession | null;
  /** Its own events and those of the former areas it carries, in global order. */
  timeline: RecordedEvent[];
}

/**
 * One area's rollout folded from its own stream, never behind: with the former areas it
 * succeeded folded in from the date of the succession. In a time slice, as the slice sees it.
 */
@Injectable()
export class AreaRolloutTimeline {
  constructor(
    private readonly rollups: ProgrammeRollups,
    private readonly successions: AreaSuccessions,
    private readonly areas: LocalAuthorityRegister,
  ) {}

  async view(programmeId: string, areaCode: string, slice: TimeSlice): Promise<AreaRolloutView> {
    const programme = await this.rollups.programmeIn(programmeId, slice);
    return this.build(programmeId, areaCode, slice, programme, await this.successions.at(slice));
  }

  /**
   * A change's answer: the area right after it (or after its first handling, for a retry), on
   * the programme and successions the change was decided on, which need no reading again.
   */
  afterChange(
    programmeId: string,
    areaCode: string,
    change: AreaRolloutChange,
  ): Promise<AreaRolloutView> {
    if (!change.programme) throw notFound('Programme', programmeId);
    const { programme, successions, version } = change;
    return this.build(programmeId, areaCode, CURRENT, programme, successions, version);
  }

  private async build(
    programmeId: string,
    areaCode: string,
    slice: TimeSlice,
    programme: ProgrammeState,
    successions: ReadonlyMap<string, Succession>,
    /** The area's own stream up to this version only. */
    upToVersion: number | null = null,
  ): Promise<AreaRolloutView> {
    const today = this.rollups.today(slice);
    const predecessors = [...successions.values()]
      .filter(
        (succession) =>
          succession.successors.includes(areaCode) && succession.effectiveFrom <= today,
      )
      .map((succession) => succession.areaCode);
    const [own, ...inherited] = await Promise.all(
      [areaCode, ...predecessors].map((code, index) =>
        this.rollups.areaRolloutIn(programmeId, code, slice, index === 0 ? upToVersion : null),
      ),
    );
    const state = inherited.reduce(
      (merged, former) => (former.state ? mergeRollouts(former.state, merged, areaCode) : merged),
      own.state,
    );
    if (!state) {
      throw new DomainError(
        ErrorCode.NOT_FOUND,
        `${areaCode} is not enrolled in programme ${programmeId}`,
        {
          programmeId,
          areaCode,
        },
      );
    }
    const carried = predecessors.filter((_code, index) => inherited[index].state !== null);
    const replacedBy = successions.get(areaCode);
    return {
      programmeId,
      progress: progressOf(programme, state, carried, this.areas, today),
      version: own.version,
      replacedBy: replacedBy && replacedBy.effectiveFrom <= today ? replacedBy : null,
      // Gathered only when asked for: a change's answer rarely shows it.
      get timeline() {
        return [own, ...inherited]
          .flatMap((stream) => stream.timeline)
          .sort((a, b) => a.position - b.position);
      },
    };
  }
}
