import { Injectable } from '@nestjs/common';
import { LocalAuthorityRegister } from '@app/areas';
import { AuditTrailReadModel, type AuditFilter } from '@app/audit';
import type { HistoryScope, TimeSlice } from '@app/kernel';
import { ProgrammeRollups } from '@app/rollout';
import { publicEntryOf, type PublicDirectory, type PublicEntry } from './public-entry';

/** Whom the public history is read as: every event, of which publicEntryOf keeps the public part. */
const EVERY_EVENT: HistoryScope = { areaCodes: null };

/** The audit trail's filter for what a slice sees: recorded by asOf, happened by validAt. */
export const sliceFilter = (slice: TimeSlice): AuditFilter => ({
  recordedTo: slice.asOf,
  occurredTo: slice.validAt,
});

/** The history as the public sees it, for the open data and the feeds. */
@Injectable()
export class PublicHistory {
  constructor(
    private readonly trail: AuditTrailReadModel,
    private readonly rollups: ProgrammeRollups,
    private readonly areas: LocalAuthorityRegister,
  ) {}

  /** The names steps are written with: the areas' and the programmes' as they are now. */
  async directory(): Promise<PublicDirectory> {
    const programmes = new Map(
      (await this.rollups.programmes()).map((programme) => [programme.id, programme]),
    );
    return {
      areaName: (code) => this.areas.get(code)?.name,
      programmeName: (id) => programmes.get(id)?.name,
      milestoneTitle: (id, key) =>
        programmes.get(id)?.milestones.find((milestone) => milestone.key === key)?.title,
    };
  }

  /** Every public step a slice sees, oldest first, read a page at a time. */
  async *entries(filter: AuditFilter, slice: TimeSlice): AsyncGenerator<PublicEntry> {
    const directory = await this.directory();
    for await (const event of this.trail.entries(
      { ...filter, ...sliceFilter(slice) },
      EVERY_EVENT,
    )) {
      const entry = publicEntryOf(event, directory);
      if (entry) yield entry;
    }
  }

  /** The `count` newest public steps a slice sees, newest first. */
  async latest(filter: AuditFilter, slice: TimeSlice, count: number): Promise<PublicEntry[]> {
    const directory = await this.directory();
    const sliced = { ...filter, ...sliceFilter(slice) };
    const found: PublicEntry[] = [];
    for (let after: string | null = null; found.length < count;) {
      const page = await this.trail.page(sliced, EVERY_EVENT, count, after, true);
      for (const event of page.entries) {
        const entry = publicEntryOf(event, directory);
        if (entry && found.length < count) found.push(entry);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    return found;
  }
}
