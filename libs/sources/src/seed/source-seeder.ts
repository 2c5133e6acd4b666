import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { readReferenceData, seedContext } from '@app/kernel';
import { ChangeSource } from '../change-source/change-source.command';
import { SourceKind } from '../domain/source.events';

/** A source as reference-data/sources.json ships it (the fields the register records). */
export interface ShippedSource {
  id: string;
  /** In words, as the file's `kinds` list them: "select committee report". */
  kind: string;
  title: string;
  publisher: string;
  publishedOn: string;
  publishedOnPrecision?: 'month' | 'year';
  url: string | null;
  themes: string[];
}

/** "select committee report" → SELECT_COMMITTEE_REPORT. */
export function sourceKindOf(words: string): SourceKind {
  const kind = words.trim().toUpperCase().replace(/\s+/g, '_');
  if (!(Object.values(SourceKind) as string[]).includes(kind)) {
    throw new Error(`sources.json: "${words}" is not a kind of source the register knows`);
  }
  return kind as SourceKind;
}

const PRECISION_WORDS = { month: 'the day is not known', year: 'the month is not known' };

/**
 * Loads the shipped sources, each added on its publication date as business date, with a
 * fixed command id, so seeding twice writes nothing new. Runs before the register's seeder:
 * recommendations name their source.
 */
@Injectable()
export class SourceSeeder {
  private readonly shipped: readonly ShippedSource[];

  constructor(private readonly commands: CommandBus) {
    this.shipped = (
      JSON.parse(readReferenceData('sources.json')) as { sources: ShippedSource[] }
    ).sources;
  }

  async seed(): Promise<{ sources: number; eventsWritten: number }> {
    let eventsWritten = 0;
    for (const source of this.shipped) {
      const precision = source.publishedOnPrecision
        ? `; ${PRECISION_WORDS[source.publishedOnPrecision]}`
        : '';
      const context = {
        ...seedContext(
          `source:${source.id}`,
          source.publishedOn,
          `Published on ${source.publishedOn}${precision}; loaded from the shipped reference data`,
        ),
        evidence: source.url ? [source.url] : [],
      };
      const result = await this.commands.execute(
        new ChangeSource(
          {
            kind: 'AddSource',
            id: source.id,
            details: {
              kind: sourceKindOf(source.kind),
              title: source.title,
              publisher: source.publisher,
              publishedOn: source.publishedOn,
              url: source.url,
              themes: source.themes,
            },
          },
          context,
        ),
      );
      if (!result.duplicate) eventsWritten++;
    }
    return { sources: this.shipped.length, eventsWritten };
  }
}
