import { DatePrecision, type NationalMilestone, type ProgrammeFact } from '@app/rollout';
import { govukDate } from '../layout/dates';

/**
 * A programme's timeline, national milestones and sources as its page shows them: dates as
 * precise as they are known ("October 2021"), and every link named by its site or its title,
 * never by a bare web address or a file name. Pure.
 */

/** A date as exactly as it is known: "9 February 2023", "October 2021" or "2023". */
export function datedAs(on: string, precision: DatePrecision): string {
  if (precision === DatePrecision.YEAR) return on.slice(0, 4);
  if (precision === DatePrecision.MONTH) return govukDate(on).replace(/^\d+ /, '');
  return govukDate(on);
}

/** The machine-readable form of the same date, for `<time datetime>`. */
const datetimeOf = (on: string, precision: DatePrecision): string =>
  precision === DatePrecision.YEAR
    ? on.slice(0, 4)
    : precision === DatePrecision.MONTH
      ? on.slice(0, 7)
      : on;

/** The site a link leads to, as people name it: "gov.uk", "communitycare.co.uk". */
export function siteOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** The same page whatever its scheme, "www." or closing slash: how sources are matched. */
const samePage = (url: string): string =>
  url
    .trim()
    .replace(/^https?:\/\/(www\.)?/i, '')
    .replace(/\/$/, '')
    .toLowerCase();

export interface DatedEntry {
  date: string;
  datetime: string;
  text: string;
  url: string;
  site: string;
}

export interface SourceLink {
  text: string;
  url: string;
}

export interface ProgrammeTimeline {
  /** Newest first, as a news timeline reads. */
  facts: DatedEntry[];
  /** Oldest first: the order they were reached in. */
  nationalMilestones: DatedEntry[];
  /** Every page cited, once, by its title where the sources catalogue knows it. */
  sources: SourceLink[];
}

const entryOf = (on: string, precision: DatePrecision, text: string, url: string): DatedEntry => ({
  date: datedAs(on, precision),
  datetime: datetimeOf(on, precision),
  text,
  url,
  site: siteOf(url),
});

/**
 * The timeline of a programme's facts and milestones (both oldest first, as the slice left
 * them), with its sources titled from `known` (the sources catalogue: title by web address).
 */
export function programmeTimeline(
  facts: readonly ProgrammeFact[],
  nationalMilestones: readonly NationalMilestone[],
  known: readonly { url: string | null; title: string }[],
): ProgrammeTimeline {
  const titles = new Map(
    known.flatMap(({ url, title }) => (url ? [[samePage(url), title] as const] : [])),
  );
  const cited = new Map<string, SourceLink>();
  const dated = [
    ...facts.map((fact) => ({ ...fact, title: fact.text })),
    ...nationalMilestones,
  ].sort((a, b) => a.on.localeCompare(b.on));
  for (const { url, on, precision } of dated) {
    const page = samePage(url);
    if (cited.has(page)) continue;
    const title = titles.get(page);
    cited.set(page, { url, text: title ?? `${siteOf(url)}, ${datedAs(on, precision)}` });
  }
  return {
    facts: facts.map(({ on, precision, text, url }) => entryOf(on, precision, text, url)).reverse(),
    nationalMilestones: nationalMilestones.map(({ on, precision, title, url }) =>
      entryOf(on, precision, title, url),
    ),
    sources: [...cited.values()],
  };
}
