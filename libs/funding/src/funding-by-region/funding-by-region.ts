import type { GrantAllocation } from '../domain/grant-allocation';
import { sumPence } from '../domain/money';

export interface RegionOf {
  regionCode: string;
  regionName: string;
}

/** One region's grants: in total and programme by programme. */
export interface RegionFunding extends RegionOf {
  totalPence: number;
  /** Every programme given, in the order given (zero where the region has none). */
  programmes: { programmeId: string; totalPence: number }[];
}

export interface FundingByRegion {
  regions: RegionFunding[];
  /** Each programme's total over all regions, in the order given. */
  programmes: { programmeId: string; totalPence: number }[];
  totalPence: number;
}

/**
 * Sums allocations by region and programme, in whole pence so that every row and column adds
 * up exactly. A former area counts in its own region (the register keeps it). Pure.
 */
export function fundingByRegion(
  allocations: readonly GrantAllocation[],
  regions: readonly RegionOf[],
  programmeIds: readonly string[],
  regionOf: (areaCode: string) => RegionOf | undefined,
): FundingByRegion {
  const amounts = (regionCode: string | null, programmeId: string | null): number =>
    sumPence(
      allocations
        .filter(
          (allocation) =>
            (regionCode === null || regionOf(allocation.areaCode)?.regionCode === regionCode) &&
            (programmeId === null || allocation.programmeId === programmeId),
        )
        .map((allocation) => allocation.amountPence),
    );
  return {
    regions: regions.map((region) => ({
      ...region,
      totalPence: amounts(region.regionCode, null),
      programmes: programmeIds.map((programmeId) => ({
        programmeId,
        totalPence: amounts(region.regionCode, programmeId),
      })),
    })),
    programmes: programmeIds.map((programmeId) => ({
      programmeId,
      totalPence: amounts(null, programmeId),
    })),
    totalPence: amounts(null, null),
  };
}
