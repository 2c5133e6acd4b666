import { Inject, Injectable } from '@nestjs/common';
import { AreaSuccessions, LocalAuthorityRegister, Succession } from '@app/areas';
import { EVENT_STORE, EventStore, RecordedEvent } from '@app/event-store';
import { DomainError, ErrorCode } from '@app/kernel';
import { areaRolloutStream } from '../domain/area-rollout';
import { areaRolloutFolder } from '../domain/recorded';
import { AreaProgress, mergeRollouts, progressOf } from '../domain/roll-up';
import { ProgrammeRollups } from '../programme-rollout/programme-rollups';

export interface AreaRolloutView {
  programmeId: string;
  progress: AreaProgress;
  /** Version of the area's own stream: what to pass as expectedVersion (0 if it has none). */
  version: number;
  /** The successors, when this area was replaced on or before today. */
  replacedBy: Succession | null;
  /** Its own events and those of the former areas it carries, in global order. */
  timeline: RecordedEvent[];
}

/**
 * One area's rollout folded from its own stream, never behind: with the former areas it
 * succeeded folded in from the date of the succession.
 */
@Injectable()
export class AreaRolloutTimeline {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly rollups: ProgrammeRollups,
    private readonly successions: AreaSuccessions,
    private readonly areas: LocalAuthorityRegister,
  ) {}

  async view(programmeId: string, areaCode: string): Promise<AreaRolloutView> {
    const programme = this.rollups.programme(programmeId);
    const today = this.rollups.today();
    const successions = await this.successions.current();
    const predecessors = [...successions.values()]
      .filter(
        (succession) =>
          succession.successors.includes(areaCode) && succession.effectiveFrom <= today,
      )
      .map((succession) => succession.areaCode);
    const streams = await Promise.all(
      [areaCode, ...predecessors].map(async (code) => {
        const streamId = areaRolloutStream(programmeId, code);
        const events = await this.store.readStream(streamId);
        return { events, state: areaRolloutFolder(streamId)(events) };
      }),
    );
    const [own, ...inherited] = streams;
    const state = inherited.reduce(
      (merged, former) => (former.state ? mergeRollouts(former.state, merged, areaCode) : merged),
      own.state,
    );
    if (!state) {
      throw new DomainError(
        ErrorCode.NOT_FOUND,
        `${areaCode} is not enrolled in programme ${programmeId}`,
        { programmeId, areaCode },
      );
    }
    const carried = predecessors.filter((_code, index) => inherited[index].state !== null);
    const replacedBy = successions.get(areaCode);
    return {
      programmeId,
      progress: progressOf(programme, state, carried, this.areas, today),
      version: own.events.length,
      replacedBy: replacedBy && replacedBy.effectiveFrom <= today ? replacedBy : null,
      timeline: streams.flatMap((stream) => stream.events).sort((a, b) => a.position - b.position),
    };
  }
}
