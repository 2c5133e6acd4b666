import { parse } from 'csv-parse/sync';
import { InvalidInputError, readReferenceData } from '@app/kernel';

/** An English local authority with children's services duties, by ONS GSS code. */
export interface LocalAuthority {
  areaCode: string;
  dfeCode: string;
  name: string;
  type: string;
  regionCode: string;
  regionName: string;
}

export interface Region {
  regionCode: string;
  regionName: string;
}

/**
 * The 153 local authorities shipped in reference-data/local-authorities.csv, and the former
 * ones (abolished in reorganisations) that programmes still name in their history.
 */
export class LocalAuthorityRegister {
  private readonly byCode: ReadonlyMap<string, LocalAuthority>;
  private readonly currentCodes: ReadonlySet<string>;
  /** The nine regions of England, in the order the register first names them. */
  readonly regions: readonly Region[];

  constructor(
    /** The current local authorities. */
    readonly all: readonly LocalAuthority[],
    /** Former local authorities: known, so their history can be read, but no longer current. */
    readonly former: readonly LocalAuthority[] = [],
  ) {
    this.byCode = new Map([...all, ...former].map((authority) => [authority.areaCode, authority]));
    this.currentCodes = new Set(all.map((authority) => authority.areaCode));
    const regions = new Map(all.map((authority) => [authority.regionCode, authority.regionName]));
    this.regions = [...regions].map(([regionCode, regionName]) => ({ regionCode, regionName }));
  }

  static shipped(): LocalAuthorityRegister {
    return new LocalAuthorityRegister(
      parseLocalAuthorities(readReferenceData('local-authorities.csv')),
      parseLocalAuthorities(readReferenceData('former-local-authorities.csv')),
    );
  }

  /** Known as a current or a former local authority. */
  has(areaCode: string): boolean {
    return this.byCode.has(areaCode);
  }

  isCurrent(areaCode: string): boolean {
    return this.currentCodes.has(areaCode);
  }

  get(areaCode: string): LocalAuthority | undefined {
    return this.byCode.get(areaCode);
  }

  /** The code of a region named by its code (E12000002) or its name (North West). */
  regionCodeOf(region: string): string {
    const found = this.regions.find(
      (candidate) => candidate.regionCode === region || candidate.regionName === region,
    );
    if (!found) {
      throw new InvalidInputError(
        'region',
        'knownRegion',
        `Region "${region}" is not one of England's nine regions (by code or name)`,
      );
    }
    return found.regionCode;
  }
}

export function parseLocalAuthorities(csv: string): LocalAuthority[] {
  const [header, ...rows] = parse(csv, { skip_empty_lines: true });
  if (header.join(',') !== 'gss_code,dfe_la_code,name,type,region_code,region_name') {
    throw new Error(`Unexpected local authorities header: ${header.join(',')}`);
  }
  return rows.map((row) => {
    const [areaCode, dfeCode, name, type, regionCode, regionName] = row;
    return { areaCode, dfeCode, name, type, regionCode, regionName };
  });
}
