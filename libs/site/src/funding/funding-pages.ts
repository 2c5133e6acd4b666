import { Injectable } from '@nestjs/common';
import { FundingQueries } from '@app/funding';
import { dayOf, type TimeSlice } from '@app/kernel';
import { ProgrammeRollups } from '@app/rollout';
import { Clock } from '@app/kernel';
import { allocationTable, type AllocationTable } from './funding-view';

/**
 * What the funding pages and the area pages read: grants as allocated by the page's date (a
 * page shown as of an earlier date leaves out grants allocated later), with programme names.
 */
@Injectable()
export class FundingPages {
  constructor(
    private readonly queries: FundingQueries,
    private readonly rollups: ProgrammeRollups,
    private readonly clock: Clock,
  ) {}

  allocatedBy(slice: TimeSlice): string {
    return dayOf(slice, this.clock.now());
  }

  async programmeNames(slice: TimeSlice): Promise<(programmeId: string) => string> {
    const names = new Map(
      (await this.rollups.programmesIn(slice)).map((programme) => [programme.id, programme.name]),
    );
    return (programmeId) => names.get(programmeId) ?? programmeId;
  }

  /** An area's grants in every programme, for its "Funding" section. */
  async ofArea(areaCode: string, slice: TimeSlice, links: string): Promise<AllocationTable> {
    const allocations = await this.queries.allocations({
      areaCode,
      allocatedBy: this.allocatedBy(slice),
    });
    return allocationTable(allocations, await this.programmeNames(slice), links);
  }
}
