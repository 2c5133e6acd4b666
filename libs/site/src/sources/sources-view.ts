import type { EventMetadata, RecordedEvent } from '@app/kernel';
import { Source, SourceEvent, SourceKind } from '@app/sources';
import { govukDate } from '../layout/dates';
import { selectItems } from '../layout/select-items';
import { publicActorOf } from '../public-view/public-actor';

/** Each kind of source in the public's words. */
export const SOURCE_KIND_NAMES: Record<SourceKind, string> = {
  [SourceKind.INDEPENDENT_REVIEW]: 'Independent review',
  [SourceKind.SELECT_COMMITTEE_REPORT]: 'Select committee report',
  [SourceKind.INQUIRY]: 'Inquiry',
  [SourceKind.GOVERNMENT_RESPONSE]: 'Government response',
  [SourceKind.GOVERNMENT_STRATEGY]: 'Government strategy',
  [SourceKind.PROFESSIONAL_BODY_CAMPAIGN]: 'Professional body campaign',
};

const KINDS = Object.values(SourceKind);

/** The kind asked for in the page's query; one that is not a kind is ignored. */
export function sourcesFilterOf(query: Record<string, unknown>): { kind: SourceKind | '' } {
  const kind = typeof query.kind === 'string' ? query.kind.trim() : '';
  return { kind: KINDS.includes(kind as SourceKind) ? (kind as SourceKind) : '' };
}

/** The sources page: the sources of the kind chosen, oldest first, and the kinds to choose. */
export function sourcesView(sources: readonly Source[], filter: { kind: SourceKind | '' }) {
  return {
    count: sources.length,
    filtered: Boolean(filter.kind),
    rows: sources.map((source) => ({
      href: `/sources/${encodeURIComponent(source.id)}`,
      title: source.title,
      kind: SOURCE_KIND_NAMES[source.kind],
      publisher: source.publisher,
      published: govukDate(source.publishedOn),
    })),
    filters: { kind: selectItems(KINDS, filter.kind, 'All kinds', SOURCE_KIND_NAMES) },
  };
}

const FIELD_NAMES: Record<string, string> = {
  kind: 'kind',
  title: 'title',
  publisher: 'publisher',
  publishedOn: 'publication date',
  url: 'link',
  themes: 'themes',
};

/** What a step did, in words. */
export function sourceStepTitle(event: SourceEvent): string {
  if (event.type === 'SourceAdded') return 'Added to the register';
  const fields = Object.keys(event.data).map((field) => FIELD_NAMES[field] ?? field);
  return `Corrected: ${fields.join(', ')}`;
}

/** One source's page: what it is, where to read it, its themes and its public timeline. */
export function sourceView(source: Source, events: readonly RecordedEvent[]) {
  return {
    id: source.id,
    title: source.title,
    url: source.url,
    themes: source.themes,
    details: [
      { key: { text: 'Kind' }, value: { text: SOURCE_KIND_NAMES[source.kind] } },
      { key: { text: 'Published by' }, value: { text: source.publisher } },
      { key: { text: 'Published on' }, value: { text: govukDate(source.publishedOn) } },
    ],
    steps: events.map((recorded) => {
      const metadata = recorded.metadata as unknown as EventMetadata;
      return {
        date: govukDate(metadata.occurredAt),
        title: sourceStepTitle({ type: recorded.type, data: recorded.data } as SourceEvent),
        by: publicActorOf(metadata.actor),
        reason: metadata.reason,
        evidence: metadata.evidence ?? [],
      };
    }),
  };
}
