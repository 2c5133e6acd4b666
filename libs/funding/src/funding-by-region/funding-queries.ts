import { Injectable } from '@nestjs/common';
import { LocalAuthorityRegister } from '@app/areas';
import type { GrantAllocation } from '../domain/grant-allocation';
import { formatPence } from '../domain/money';
import { type AllocationFilter, FundingReadModel } from '../read-model/funding.read-model';
import { type FundingByRegion, fundingByRegion } from './funding-by-region';

/** An allocation with its area and region named and its amount in pounds, as pages and the API show it. */
export type AllocationView = GrantAllocation & {
  areaName: string;
  regionCode: string;
  regionName: string;
  amount: string;
};

export interface AllocationQuery extends Omit<AllocationFilter, 'areaCodes'> {
  areaCode?: string | null;
  /** A region by code or name. */
  region?: string | null;
}

/** Grant allocations and their sums by region, read from the funding read model. */
@Injectable()
export class FundingQueries {
  constructor(
    private readonly readModel: FundingReadModel,
    private readonly areas: LocalAuthorityRegister,
  ) {}

  async allocations(query: AllocationQuery = {}): Promise<AllocationView[]> {
    const { areaCode, region, ...filter } = query;
    let areaCodes: string[] | null = areaCode ? [areaCode] : null;
    if (region) {
      const regionCode = this.areas.regionCodeOf(region);
      const inRegion = this.areaCodesOf(regionCode);
      areaCodes = areaCodes ? areaCodes.filter((code) => inRegion.includes(code)) : inRegion;
    }
    const allocations = await this.readModel.list({ ...filter, areaCodes });
    return allocations.map((allocation) => this.viewOf(allocation));
  }

  /** Every region (England's nine, in the register's order) by the programmes that have grants. */
  async byRegion(
    query: Pick<AllocationQuery, 'programmeId' | 'allocatedBy'> = {},
  ): Promise<FundingByRegion> {
    const allocations = await this.readModel.list(query);
    const programmeIds = [...new Set(allocations.map((allocation) => allocation.programmeId))];
    return fundingByRegion(allocations, this.areas.regions, programmeIds, (code) =>
      this.areas.get(code),
    );
  }

  viewOf(allocation: GrantAllocation): AllocationView {
    const area = this.areas.get(allocation.areaCode);
    return {
      ...allocation,
      areaName: area?.name ?? allocation.areaCode,
      regionCode: area?.regionCode ?? '',
      regionName: area?.regionName ?? '',
      amount: formatPence(allocation.amountPence),
    };
  }

  /** A region's local authorities, former ones too (their past grants count where they were). */
  private areaCodesOf(regionCode: string): string[] {
    return [...this.areas.all, ...this.areas.former]
      .filter((area) => area.regionCode === regionCode)
      .map((area) => area.areaCode);
  }
}
