import { Injectable } from '@nestjs/common';
import { numberedCursors, offsetPage, type OffsetPage } from '@app/kernel';
import type { ProgrammeState } from '../domain/programme';
import type { AreaProgress, OverdueMilestone } from '../domain/roll-up';
import { ProgrammeRollups } from '../programme-rollout/programme-rollups';

export interface OverdueEntry extends OverdueMilestone {
  programmeId: string;
  programmeName: string;
  area: AreaProgress;
}

export type OverduePage = OffsetPage<OverdueEntry>;

const cursors = numberedCursors('overdue');

/** Most overdue first; ties by programme, area and milestone so pages are stable. */
export const byMostOverdue = (a: OverdueEntry, b: OverdueEntry): number =>
  b.daysOverdue - a.daysOverdue ||
  a.programmeId.localeCompare(b.programmeId) ||
  a.area.areaName.localeCompare(b.area.areaName) ||
  a.key.localeCompare(b.key);

/** A programme's overdue milestones, area by area, optionally in one region only. */
export const overdueEntriesOf = (
  programme: Pick<ProgrammeState, 'id' | 'name'>,
  areas: readonly AreaProgress[],
  regionCode: string | null = null,
): OverdueEntry[] =>
  areas
    .filter((area) => !regionCode || area.regionCode === regionCode)
    .flatMap((area) =>
      area.overdue.map((overdue) => ({
        ...overdue,
        programmeId: programme.id,
        programmeName: programme.name,
        area,
      })),
    );

/** What is late, across programmes or in one, optionally in one region. */
@Injectable()
export class OverdueMilestones {
  constructor(private readonly rollups: ProgrammeRollups) {}

  async page(
    filter: { programmeId: string | null; regionCode: string | null },
    first: number,
    after: string | null,
  ): Promise<OverduePage> {
    const programmes = filter.programmeId
      ? [await this.rollups.programme(filter.programmeId)]
      : await this.rollups.programmes();
    const entries: OverdueEntry[] = [];
    for (const programme of programmes) {
      const { areas } = await this.rollups.rollup(programme);
      entries.push(...overdueEntriesOf(programme, areas, filter.regionCode));
    }
    entries.sort(byMostOverdue);
    return offsetPage(entries, first, after, cursors);
  }
}
