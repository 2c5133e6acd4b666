import type { INestApplicationContext } from '@nestjs/common';
import { Command, Option } from 'commander';
import {
  AreaSuccessions,
  type LocalAuthority,
  LocalAuthorityRegister,
  type Succession,
} from '@app/areas';
import { csvField } from '@app/kernel';
import { formatTable } from './table';

type WithCore = <T>(work: (core: INestApplicationContext) => Promise<T> | T) => Promise<T>;

/** One local authority as `tracker areas` lists it. */
export interface AreaListing extends LocalAuthority {
  current: boolean;
  /** Null for a current local authority; for a former one, when and by whom it was replaced. */
  replaced: { on: string; by: { areaCode: string; name: string }[] } | null;
}

const FORMATS = ['table', 'csv', 'json'] as const;
type AreaFormat = (typeof FORMATS)[number];

/** The current local authorities by name, then the former ones with their recorded successions. */
export function areaListing(
  register: LocalAuthorityRegister,
  successions: ReadonlyMap<string, Succession>,
): AreaListing[] {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const replacedBy = (areaCode: string): AreaListing['replaced'] => {
    const succession = successions.get(areaCode);
    if (!succession) return null;
    return {
      on: succession.effectiveFrom,
      by: succession.successors.map((code) => ({
        areaCode: code,
        name: register.get(code)?.name ?? code,
      })),
    };
  };
  return [
    ...[...register.all].sort(byName).map((area) => ({ ...area, current: true, replaced: null })),
    ...[...register.former].sort(byName).map((area) => ({
      ...area,
      current: false,
      replaced: replacedBy(area.areaCode),
    })),
  ];
}

const statusOf = (area: AreaListing): string =>
  area.current
    ? 'current'
    : area.replaced
      ? `replaced on ${area.replaced.on} by ${area.replaced.by.map((s) => `${s.name} (${s.areaCode})`).join(' and ')}`
      : 'former (no succession recorded)';

/** The listing in one of the formats: an aligned table, CSV with a header, or JSON. */
export function formatAreas(areas: AreaListing[], format: AreaFormat): string {
  if (format === 'json') return `${JSON.stringify(areas, null, 2)}\n`;
  if (format === 'csv') {
    const header = 'gss_code,dfe_la_code,name,type,region_code,region_name,replaced_on,successors';
    const rows = areas.map((area) =>
      [
        area.areaCode,
        area.dfeCode,
        area.name,
        area.type,
        area.regionCode,
        area.regionName,
        area.replaced?.on ?? '',
        area.replaced?.by.map((successor) => successor.areaCode).join(' ') ?? '',
      ]
        .map(csvField)
        .join(','),
    );
    return `${[header, ...rows].join('\n')}\n`;
  }
  return formatTable([
    ['CODE', 'NAME', 'REGION', 'STATUS'],
    ...areas.map((area) => [area.areaCode, area.name, area.regionName, statusOf(area)]),
  ]);
}

/** `tracker areas`: the local authorities the tracker knows, with codes, regions and successions. */
export function registerAreasCommand(program: Command, withCore: WithCore): void {
  program
    .command('areas')
    .description(
      "List England's local authorities (GSS code, name, region), then the former ones with the successions recorded for them",
    )
    .addOption(
      new Option('--format <format>', 'how to print the list').choices(FORMATS).default('table'),
    )
    .action(async (options: { format: AreaFormat }) => {
      await withCore(async (core) => {
        const register = core.get(LocalAuthorityRegister);
        const successions = await core.get(AreaSuccessions).current();
        process.stdout.write(formatAreas(areaListing(register, successions), options.format));
        const former = register.former.length;
        process.stderr.write(
          `${register.all.length} local authorities and ${former} former one${former === 1 ? '' : 's'}\n`,
        );
      });
    });
}
