import type { LocalAuthority, LocalAuthorityRegister } from '@app/areas';
import { auditCursorOf, sealOf, type AuditPage } from '@app/audit';
import { SYSTEM_ACTOR, type EventMetadata, type RecordedEvent } from '@app/kernel';
import { govukDate, govukDateTime } from '../layout/dates';
import { selectItems } from '../layout/select-items';
import { publicEntryOf, type PublicDirectory } from '../public-view/public-entry';
import { ROLE_NAMES } from '../signed-in/signed-in-actor';
import { EMAIL_CLAIM_NAMES, EVENT_TYPE_NAMES, type HistoryRequest } from './history-filter';

/** Entries on a page of the history. */
export const HISTORY_PAGE_SIZE = 25;

/** One entry of the history as a signed-in reader sees it: who by name, and why. */
export interface HistoryEntry {
  position: number;
  title: string;
  /** The public page of what it is about, if it has one. */
  page: string | null;
  happened: string;
  recorded: string;
  by: string;
  reason: string | null;
  /** What the officer wrote with a status report or a milestone (not public). */
  commentary: string | null;
  evidence: string[];
}

/** The names of the things the history's lists offer. */
export interface HistoryLists {
  programmes: readonly { id: string; name: string }[];
  recommendations: readonly { id: string; title: string }[];
  /** Current local authorities by region, then former ones. */
  areaGroups: readonly { label: string; areas: readonly { areaCode: string; name: string }[] }[];
}

/** The local authorities by region, each by name, then the former ones (their history stays). */
export function areaGroupsOf(
  register: Pick<LocalAuthorityRegister, 'all' | 'former' | 'regions'>,
): HistoryLists['areaGroups'] {
  const byName = (areas: readonly LocalAuthority[]) =>
    [...areas].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  return [
    ...register.regions.map((region) => ({
      label: region.regionName,
      areas: byName(register.all.filter((area) => area.regionCode === region.regionCode)),
    })),
    ...(register.former.length
      ? [{ label: 'Former local authorities', areas: byName(register.former) }]
      : []),
  ];
}

const isWebLink = (url: string): boolean => /^https?:\/\//i.test(url);
const inWords = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() ? value : null;

/** "Priya Patel, local authority officer, Lambeth"; the tracker itself for seeded steps. */
function whoOf(actor: EventMetadata['actor'] | undefined, directory: PublicDirectory): string {
  if (!actor) return 'Not recorded';
  if (actor.id === SYSTEM_ACTOR.id) return 'Reform Tracker, from published sources';
  const role = ROLE_NAMES[actor.role]?.toLowerCase() ?? 'user';
  const organisation = actor.organisation
    ? `, ${directory.areaName(actor.organisation) ?? actor.organisation}`
    : '';
  return `${actor.name}, ${role}${organisation}`;
}

/** What happened, in the public's words where it has them (a seal is never public). */
function titleOf(event: RecordedEvent, directory: PublicDirectory) {
  const seal = sealOf(event);
  if (seal) return { title: `Audit trail sealed up to position ${seal.position}`, page: null };
  const entry = publicEntryOf(event, directory);
  return entry
    ? { title: entry.title, page: entry.page }
    : {
        title: EVENT_TYPE_NAMES[event.type] ?? EMAIL_CLAIM_NAMES[event.type] ?? event.type,
        page: null,
      };
}

export function historyEntryOf(event: RecordedEvent, directory: PublicDirectory): HistoryEntry {
  const metadata = event.metadata as Partial<EventMetadata>;
  return {
    position: event.position,
    ...titleOf(event, directory),
    happened: govukDate(metadata.occurredAt ?? event.recordedAt),
    recorded: govukDateTime(event.recordedAt),
    by: whoOf(metadata.actor, directory),
    reason: metadata.reason ?? null,
    commentary: inWords(event.data.commentary) ?? inWords(event.data.note),
    evidence: (metadata.evidence ?? []).filter(isWebLink),
  };
}

/**
 * The `after` of the page before the one read after `after`, from the entries after the same
 * cursor in the other order (read `size` of them): the previous page ends with the entry the
 * cursor names, so it starts `size` entries back; with fewer there, it is the first page.
 */
export function previousAfterOf(otherWay: AuditPage, size: number): string | null {
  return otherWay.entries.length >= size ? auditCursorOf(otherWay.entries[size - 1]) : null;
}

const historyHref = (query: string, after: string | null = null): string => {
  const params = new URLSearchParams(query);
  if (after) params.set('after', after);
  const search = params.toString();
  return search ? `/history?${search}` : '/history';
};

/** The filter form's lists, each with what was chosen selected. */
export function historyFiltersOf(request: HistoryRequest, lists: HistoryLists) {
  const { chosen } = request;
  const programmes = [...lists.programmes].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  return {
    eventType: selectItems(
      Object.keys(EVENT_TYPE_NAMES),
      chosen.eventType,
      'Any event',
      EVENT_TYPE_NAMES,
    ),
    role: selectItems(Object.keys(ROLE_NAMES), chosen.role, 'Anyone', ROLE_NAMES),
    programmeId: selectItems(
      programmes.map((programme) => programme.id),
      chosen.programmeId,
      'Any programme',
      Object.fromEntries(programmes.map((programme) => [programme.id, programme.name])),
    ),
    recommendationId: selectItems(
      lists.recommendations.map((recommendation) => recommendation.id),
      chosen.recommendationId,
      'Any recommendation',
      Object.fromEntries(lists.recommendations.map(({ id, title }) => [id, `${id}: ${title}`])),
    ),
    areaCode: {
      any: { value: '', text: 'Any local authority', selected: !chosen.areaCode },
      groups: lists.areaGroups.map((group) => ({
        label: group.label,
        items: group.areas.map((area) => ({
          value: area.areaCode,
          text: area.name,
          selected: area.areaCode === chosen.areaCode,
        })),
      })),
    },
    dates: [
      { value: 'happened', text: 'When it happened', checked: chosen.dates === 'happened' },
      { value: 'recorded', text: 'When it was recorded', checked: chosen.dates === 'recorded' },
    ],
    order: [
      { value: 'newest', text: 'Newest first', checked: chosen.order === 'newest' },
      { value: 'oldest', text: 'Oldest first', checked: chosen.order === 'oldest' },
    ],
  };
}

/**
 * A page of the history: how many entries match, the entries, the pages before and after
 * (`previousAfter`: undefined on the first page, null when the previous one is the first), and
 * the download of everything that matches.
 */
export function historyResultsOf(
  request: HistoryRequest,
  page: AuditPage,
  previousAfter: string | null | undefined,
  directory: PublicDirectory,
) {
  const { totalCount } = page;
  const counted = `${totalCount} ${totalCount === 1 ? 'event' : 'events'}`;
  const matched = request.filtered
    ? ` ${totalCount === 1 ? 'matches' : 'match'} your filters`
    : ' recorded';
  const download = (format: string): string => {
    const params = new URLSearchParams(request.query);
    params.set('format', format);
    return `/history/download?${params.toString()}`;
  };
  return {
    count: `${counted}${matched}, ${request.order} first.`,
    entries: page.entries.map((event) => historyEntryOf(event, directory)),
    pagination: {
      previous:
        previousAfter !== undefined && page.pageInfo.hasPreviousPage
          ? { href: historyHref(request.query, previousAfter) }
          : null,
      next: page.pageInfo.hasNextPage
        ? { href: historyHref(request.query, page.pageInfo.endCursor) }
        : null,
    },
    downloads: { csv: download('csv'), jsonl: download('jsonl') },
  };
}
