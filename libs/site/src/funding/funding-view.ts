import { csvHeader, csvRow } from '@app/kernel';
import { type AllocationView, type FundingByRegion, formatPence } from '@app/funding';
import { govukDate } from '../layout/dates';

export const FUNDING_PATH = '/funding';
export const FUNDING_CSV = 'funding-by-region.csv';

/** Where the board records a grant allocation. */
export const NEW_ALLOCATION_PATH = `${FUNDING_PATH}/allocations/new`;

/** An allocation's own path, under which it is corrected or withdrawn. */
export const allocationPath = (allocation: Pick<AllocationView, 'programmeId' | 'allocationId'>) =>
  `${FUNDING_PATH}/allocations/${allocation.programmeId}/${encodeURIComponent(allocation.allocationId)}`;

/** Recording an allocation, the area and programme of the page that links to it chosen. */
export const newAllocationPath = (areaCode: string, programmeId: string): string =>
  `${NEW_ALLOCATION_PATH}?${new URLSearchParams({ areaCode, programmeId }).toString()}`;

export const regionPath = (regionCode: string): string => `${FUNDING_PATH}/regions/${regionCode}`;

type NameOf = (programmeId: string) => string;

/** One grant as a table row: programme, area, period and amount, with its source linked. */
export interface AllocationRow {
  programme: { name: string; href: string };
  area: { name: string; href: string };
  grantName: string | null;
  fundingSource: string;
  period: string;
  allocatedOn: string;
  amount: string;
  sourceUrl: string;
  /** Where the board corrects or withdraws it (the pages show these links to those who may). */
  correctHref: string;
  withdrawHref: string;
}

export interface AllocationTable {
  rows: AllocationRow[];
  total: string;
}

/** Grants as the pages list them, with their total to the penny. */
export function allocationTable(
  allocations: readonly AllocationView[],
  programmeName: NameOf,
  links: string,
): AllocationTable {
  return {
    rows: allocations.map((allocation) => ({
      programme: {
        name: programmeName(allocation.programmeId),
        href: `/programmes/${allocation.programmeId}${links}`,
      },
      area: {
        name: allocation.areaName,
        href: `/programmes/${allocation.programmeId}/areas/${allocation.areaCode}${links}`,
      },
      grantName: allocation.grantName,
      fundingSource: allocation.fundingSource,
      period: `${govukDate(allocation.periodStart)} to ${govukDate(allocation.periodEnd)}`,
      allocatedOn: govukDate(allocation.allocatedOn),
      amount: allocation.amount,
      sourceUrl: allocation.sourceUrl,
      correctHref: `${allocationPath(allocation)}/correct`,
      withdrawHref: `${allocationPath(allocation)}/withdraw`,
    })),
    total: formatPence(allocations.reduce((sum, allocation) => sum + allocation.amountPence, 0)),
  };
}

/** The regions × programmes table of the funding page, each region linking to its grants. */
export function regionTable(funding: FundingByRegion, programmeName: NameOf, links: string) {
  return {
    programmes: funding.programmes.map((programme) => ({
      name: programmeName(programme.programmeId),
      total: formatPence(programme.totalPence),
    })),
    regions: funding.regions.map((region) => ({
      name: region.regionName,
      href: `${regionPath(region.regionCode)}${links}`,
      amounts: region.programmes.map((programme) => formatPence(programme.totalPence)),
      total: formatPence(region.totalPence),
    })),
    total: formatPence(funding.totalPence),
  };
}

/** The funding table as a CSV file: one line per region and programme, amounts in pence and pounds. */
export function* fundingCsvLines(
  funding: FundingByRegion,
  programmeName: NameOf,
): Generator<string> {
  yield csvHeader([
    'region_code',
    'region_name',
    'programme_id',
    'programme_name',
    'amount_pence',
    'amount_gbp',
  ]);
  for (const region of funding.regions) {
    for (const programme of region.programmes) {
      yield csvRow([
        region.regionCode,
        region.regionName,
        programme.programmeId,
        programmeName(programme.programmeId),
        programme.totalPence,
        (programme.totalPence / 100).toFixed(2),
      ]);
    }
  }
}
