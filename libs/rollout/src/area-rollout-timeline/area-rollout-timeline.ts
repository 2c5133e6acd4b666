import { Injectable } from '@nestjs/common';
import { AreaSuccessions, LocalAuthorityRegister, Succession } from '@app/areas';
import type { RecordedEvent } from '@app/event-store';
import { CURRENT, DomainError, ErrorCode, notFound, TimeSlice } from '@app/kernel';
import type { AreaRolloutChange } from '../area-change/change-area-rollout.command';
import { AreaRolloutRead, AreaRollouts } from '../area-rollouts/area-rollouts';
import type { AreaRolloutState } from '../domain/area-rollout';
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
  timeline(): Promise<RecordedEvent[]>;
}

/** Where a view stands: the area, and the programme and successions on the day it looks at. */
interface Standing {
  programmeId: string;
  areaCode: string;
  programme: ProgrammeState;
  successions: ReadonlyMap<string, Succession>;
  today: string;
}

/** The former areas the area replaced by the day looked at: it carries their rollouts. */
const formerAreasOf = ({ areaCode, successions, today }: Standing): string[] =>
  [...successions.values()]
    .filter(
      (succession) => succession.successors.includes(areaCode) && succession.effectiveFrom <= today,
    )
    .map((succession) => succession.areaCode);

const inGlobalOrder = (reads: readonly AreaRolloutRead[]): RecordedEvent[] =>
  reads.flatMap((read) => read.timeline).sort((a, b) => a.position - b.position);

/**
 * One area's rollout folded from its own stream, never behind: with the former areas it
 * succeeded folded in from the date of the succession. In a time slice, as the slice sees it.
 */
@Injectable()
export class AreaRolloutTimeline {
  constructor(
    private readonly rollups: ProgrammeRollups,
    private readonly rollouts: AreaRollouts,
    private readonly successions: AreaSuccessions,
    private readonly areas: LocalAuthorityRegister,
  ) {}

  async view(programmeId: string, areaCode: string, slice: TimeSlice): Promise<AreaRolloutView> {
    const standing: Standing = {
      programmeId,
      areaCode,
      programme: await this.rollups.programmeIn(programmeId, slice),
      successions: await this.successions.at(slice),
      today: this.rollups.today(slice),
    };
    const formers = formerAreasOf(standing);
    const [own, ...carried] = await Promise.all(
      [areaCode, ...formers].map((code) => this.rollouts.read(programmeId, code, slice)),
    );
    return this.build(
      standing,
      own,
      new Map(formers.map((code, index) => [code, carried[index].state])),
      () => Promise.resolve(inGlobalOrder([own, ...carried])),
    );
  }

  /**
   * A change's answer: the area right after it (or after its first handling, for a retry),
   * from the state the handler folded with the events it wrote and what the change was decided
   * on. Nothing is read again, but the timeline when asked for.
   */
  afterChange(programmeId: string, areaCode: string, change: AreaRolloutChange): AreaRolloutView {
    if (!change.programme) throw notFound('Programme', programmeId);
    const { programme, successions, version } = change;
    const standing = { programmeId, areaCode, programme, successions, today: this.rollups.today() };
    return this.build(standing, change, change.formers, async () =>
      inGlobalOrder(
        await Promise.all([
          this.rollouts.read(programmeId, areaCode, CURRENT, version),
          ...formerAreasOf(standing).map((code) => this.rollouts.read(programmeId, code)),
        ]),
      ),
    );
  }

  private build(
    standing: Standing,
    own: { state: AreaRolloutState | null; version: number },
    /** The rollouts of the former areas it succeeded (null where one had none). */
    formerRollouts: ReadonlyMap<string, AreaRolloutState | null>,
    timeline: () => Promise<RecordedEvent[]>,
  ): AreaRolloutView {
    const { programmeId, areaCode, programme, successions, today } = standing;
    const formers = formerAreasOf(standing).map(
      (code) => [code, formerRollouts.get(code) ?? null] as const,
    );
    const state = formers.reduce(
      (merged, [, former]) => (former ? mergeRollouts(former, merged, areaCode) : merged),
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
    const carried = formers.filter(([, former]) => former !== null).map(([code]) => code);
    const replacedBy = successions.get(areaCode);
    return {
      programmeId,
      progress: progressOf(programme, state, carried, this.areas, today),
      version: own.version,
      replacedBy: replacedBy && replacedBy.effectiveFrom <= today ? replacedBy : null,
      timeline,
    };
  }
}
