import { parseCsvRecord, readReferenceData } from '@app/kernel';

/** An English local authority with children's services duties, by ONS GSS code. */
export interface LocalAuthority {
  areaCode: string;
  dfeCode: string;
  name: string;
  type: string;
  regionCode: string;
  regionName: string;
}

/** The 153 local authorities shipped in reference-data/local-authorities.csv. */
export class LocalAuthorityRegister {
  private readonly byCode: ReadonlyMap<string, LocalAuthority>;

  constructor(readonly all: readonly LocalAuthority[]) {
    this.byCode = new Map(all.map((authority) => [authority.areaCode, authority]));
  }

  static shipped(): LocalAuthorityRegister {
    return new LocalAuthorityRegister(
      parseLocalAuthorities(readReferenceData('local-authorities.csv')),
    );
  }

  has(areaCode: string): boolean {
    return this.byCode.has(areaCode);
  }

  get(areaCode: string): LocalAuthority | undefined {
    return this.byCode.get(areaCode);
  }
}

export function parseLocalAuthorities(csv: string): LocalAuthority[] {
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  if (header !== 'gss_code,dfe_la_code,name,type,region_code,region_name') {
    throw new Error(`Unexpected local authorities header: ${header}`);
  }
  return rows.map((row) => {
    const [areaCode, dfeCode, name, type, regionCode, regionName] = parseCsvRecord(row);
    return { areaCode, dfeCode, name, type, regionCode, regionName };
  });
}
