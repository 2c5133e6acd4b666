import { Inject, Injectable } from '@nestjs/common';
import { LocalAuthorityRegister } from '@app/areas';
import { EVENT_STORE, EventStore } from '@app/event-store';
import {
  happenedBy,
  InvalidInputError,
  numberedCursors,
  offsetPage,
  recordedBy,
  seesWhoAndWhy,
  type EventMetadata,
  type HistoryScope,
  type OffsetPage,
  type RecordedEvent,
  type TimeSlice,
} from '@app/kernel';
import { parseAreaRolloutStream } from '../domain/area-rollout';
import {
  byMostSlipped,
  movedTargetsOf,
  type MovedTarget,
  type TargetSetFact,
} from '../domain/moved-targets';
import {
  PROGRAMME_STREAM_PREFIX,
  programmeStream,
  type MilestoneTargetSet,
  type ProgrammeState,
} from '../domain/programme';
import { ProgrammeRollups } from '../programme-rollout/programme-rollups';
import { RolloutReadModel } from '../read-model/rollout.read-model';

/** A moved target with the names it is shown with. */
export interface MovedTargetEntry extends MovedTarget {
  programmeName: string;
  milestoneTitle: string;
  areaName: string | null;
  regionName: string | null;
}

export interface MovedTargetsFilter {
  programmeId: string | null;
  /** An area's targets only; with either, the national targets are left out. */
  areaCode: string | null;
  regionCode: string | null;
}

const cursors = numberedCursors('moved-targets');

/**
 * The register of moved targets, across programmes or in one, for an area or a region, as a
 * time slice sees it (targets recorded by asOf and set by validAt). Reasons are shown to those
 * who see why (the history's scope).
 */
@Injectable()
export class MovedTargets {
  constructor(
    private readonly rollups: ProgrammeRollups,
    private readonly readModel: RolloutReadModel,
    private readonly areas: LocalAuthorityRegister,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async all(
    filter: MovedTargetsFilter,
    slice: TimeSlice,
    scope: HistoryScope,
  ): Promise<MovedTargetEntry[]> {
    if (filter.areaCode && !this.areas.has(filter.areaCode)) {
      throw new InvalidInputError(
        'areaCode',
        'knownArea',
        `areaCode ${filter.areaCode} is not a local authority of England (an ONS GSS code)`,
      );
    }
    const programmes = filter.programmeId
      ? [await this.rollups.programmeIn(filter.programmeId, slice)]
      : await this.rollups.programmesIn(slice);
    const entries: MovedTargetEntry[] = [];
    for (const programme of programmes) {
      const facts = (await this.targetsSetIn(programme.id))
        .filter((event) => recordedBy(slice)(event) && happenedBy(slice, occurredAtOf(event)))
        .filter((event) => this.wanted(filter, areaCodeOf(event)))
        .map((event) => factOf(programme.id, event, scope));
      entries.push(...movedTargetsOf(facts).map((target) => this.named(programme, target)));
    }
    return entries.sort(byMostSlipped);
  }

  async page(
    filter: MovedTargetsFilter,
    slice: TimeSlice,
    scope: HistoryScope,
    first: number,
    after: string | null,
  ): Promise<OffsetPage<MovedTargetEntry>> {
    return offsetPage(await this.all(filter, slice, scope), first, after, cursors);
  }

  /** The programme's targets set, nationally and for its areas, in the order recorded. */
  private async targetsSetIn(programmeId: string): Promise<RecordedEvent[]> {
    const national = (await this.store.readStream(programmeStream(programmeId))).filter(
      (event) => event.type === 'MilestoneTargetSet',
    );
    const areas = await this.readModel.areaTargetsOf(programmeId);
    return [...national, ...areas].sort((a, b) => a.position - b.position);
  }

  private wanted(filter: MovedTargetsFilter, areaCode: string | null): boolean {
    if (filter.areaCode) return areaCode === filter.areaCode;
    if (filter.regionCode)
      return !!areaCode && this.areas.get(areaCode)?.regionCode === filter.regionCode;
    return true;
  }

  private named(programme: ProgrammeState, target: MovedTarget): MovedTargetEntry {
    const area = target.areaCode ? this.areas.get(target.areaCode) : undefined;
    return {
      ...target,
      programmeName: programme.name,
      milestoneTitle:
        programme.milestones.find((milestone) => milestone.key === target.milestoneKey)?.title ??
        target.milestoneKey,
      areaName: target.areaCode ? (area?.name ?? target.areaCode) : null,
      regionName: area?.regionName ?? null,
    };
  }
}

const metadataOf = (event: RecordedEvent): Partial<EventMetadata> => event.metadata;

const occurredAtOf = (event: RecordedEvent): string =>
  metadataOf(event).occurredAt ?? event.recordedAt;

/** The area a target is set for: null for the programme's own (national) target. */
const areaCodeOf = (event: RecordedEvent): string | null =>
  event.streamId.startsWith(PROGRAMME_STREAM_PREFIX)
    ? null
    : parseAreaRolloutStream(event.streamId).areaCode;

function factOf(programmeId: string, event: RecordedEvent, scope: HistoryScope): TargetSetFact {
  const metadata = metadataOf(event);
  const areaCode = areaCodeOf(event);
  return {
    programmeId,
    areaCode,
    event: { type: 'MilestoneTargetSet', data: event.data as MilestoneTargetSet['data'] },
    occurredAt: occurredAtOf(event),
    recordedAt: event.recordedAt,
    reason: seesWhoAndWhy(scope, areaCode, metadata.actor) ? (metadata.reason ?? null) : null,
  };
}
