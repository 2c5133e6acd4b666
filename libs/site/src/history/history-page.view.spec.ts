import { LocalAuthorityRegister } from '@app/areas';
import { auditCursorOf, SEAL_EVENT, SEAL_STREAM, type AuditPage } from '@app/audit';
import { Role, SYSTEM_ACTOR, type RecordedEvent } from '@app/kernel';
import type { PublicDirectory } from '../public-view/public-entry';
import { historyRequestOf } from './history-filter';
import {
  areaGroupsOf,
  historyEntryOf,
  historyFiltersOf,
  historyResultsOf,
  previousAfterOf,
  type HistoryLists,
} from './history-page.view';

const directory: PublicDirectory = {
  areaName: (code) => ({ E09000022: 'Lambeth', E10000006: 'Cumbria' })[code],
  programmeName: (id) => (id === 'family-hubs' ? 'Family hubs' : undefined),
  milestoneTitle: (_, key) => (key === 'open' ? 'Family hub open' : undefined),
};
const choices = {
  programmeIds: new Set(['family-hubs', 'swis']),
  recommendationIds: new Set(['CSC-X']),
  areaCodes: new Set(['E09000022']),
};
const lists: HistoryLists = {
  programmes: [
    { id: 'swis', name: 'Social workers in schools' },
    { id: 'family-hubs', name: 'Family hubs' },
  ],
  recommendations: [{ id: 'CSC-X', title: 'Family help' }],
  areaGroups: [{ label: 'London', areas: [{ areaCode: 'E09000022', name: 'Lambeth' }] }],
};

const officer = {
  id: 'tok-1',
  name: 'Priya Patel',
  role: Role.LOCAL_AUTHORITY,
  organisation: 'E09000022',
};

const event = (position: number, changes: Partial<RecordedEvent> = {}): RecordedEvent => ({
  eventId: `evt-${position}`,
  streamId: 'rollout-family-hubs.E09000022',
  version: position,
  position,
  type: 'StatusReported',
  data: {
    rag: 'AMBER',
    commentary: 'Recruitment is slow',
    periodStart: '2026-01-01',
    periodEnd: '2026-03-31',
  },
  metadata: {
    actor: officer,
    occurredAt: '2026-03-30T23:00:00.000Z',
    reason: 'Quarterly report',
    evidence: ['https://example.org/report', 'javascript:alert(1)'],
    commandId: 'cmd-1',
  },
  recordedAt: '2026-04-02T13:05:00.000Z',
  ...changes,
});

const pageOf = (
  entries: RecordedEvent[],
  changes: Partial<AuditPage['pageInfo']> = {},
  totalCount = entries.length,
): AuditPage => ({
  entries,
  totalCount,
  pageInfo: {
    hasNextPage: false,
    hasPreviousPage: false,
    startCursor: entries[0] ? auditCursorOf(entries[0]) : null,
    endCursor: entries.at(-1) ? auditCursorOf(entries.at(-1)!) : null,
    ...changes,
  },
});

describe('an entry of the history', () => {
  it('says what happened in words, when on both times in UK time, who by name, why, and the commentary', () => {
    expect(historyEntryOf(event(7), directory)).toEqual({
      position: 7,
      title: 'Lambeth reported its status as amber for Family hubs',
      page: '/programmes/family-hubs',
      happened: '31 March 2026',
      recorded: '2:05pm on 2 April 2026',
      by: 'Priya Patel, local authority officer, Lambeth',
      reason: 'Quarterly report',
      commentary: 'Recruitment is slow',
      // Only web links are links.
      evidence: ['https://example.org/report'],
    });
  });

  it('names the tracker for seeded steps, and other roles by their names', () => {
    expect(historyEntryOf(event(1, { metadata: { actor: SYSTEM_ACTOR } }), directory).by).toBe(
      'Reform Tracker, from published sources',
    );
    const board = { id: 'tok-2', name: 'Ada Board', role: Role.BOARD_MEMBER, organisation: null };
    expect(historyEntryOf(event(1, { metadata: { actor: board } }), directory).by).toBe(
      'Ada Board, board member',
    );
  });

  it('writes a seal of the audit trail in words, with no public page', () => {
    const seal = event(9, {
      streamId: SEAL_STREAM,
      type: SEAL_EVENT,
      data: { position: 8, streams: [], streamCount: 3, headsDigest: 'ab', previousSeal: null },
    });
    expect(historyEntryOf(seal, directory)).toMatchObject({
      title: 'Audit trail sealed up to position 8',
      page: null,
      commentary: null,
    });
  });

  it('names the account events in words, and an email claim without its hash', () => {
    const added = event(10, {
      streamId: 'account-0b9d7c3e-1f2a-8c4d-9e5f-0a1b2c3d4e5f',
      type: 'AccountAdded',
      data: {
        email: 'ann@example.org',
        name: 'Ann',
        role: 'ADMIN',
        organisation: 'DfE',
        areaCodes: [],
      },
    });
    expect(historyEntryOf(added, directory)).toMatchObject({ title: 'Account added', page: null });
    const claimed = event(11, {
      streamId: `account-email-${'ab'.repeat(32)}`,
      type: 'EmailClaimed',
      data: { accountId: '0b9d7c3e-1f2a-8c4d-9e5f-0a1b2c3d4e5f' },
    });
    const entry = historyEntryOf(claimed, directory);
    expect(entry.title).toBe('Email address taken by an account');
    expect(JSON.stringify(entry)).not.toContain('abab');
  });
});

describe('a page of the history', () => {
  it('counts what matches the filters, and links the pages and the downloads with the same filters', () => {
    const request = historyRequestOf(
      { programmeId: 'family-hubs', eventType: 'StatusReported', after: 'x' },
      choices,
    );
    const page = pageOf([event(30), event(29)], { hasNextPage: true, hasPreviousPage: true }, 60);
    const results = historyResultsOf(request, page, null, directory);
    expect(results.count).toBe('60 events match your filters, newest first.');
    expect(results.entries.map((entry) => entry.position)).toEqual([30, 29]);
    expect(results.pagination).toEqual({
      previous: { href: '/history?eventType=StatusReported&programmeId=family-hubs' },
      next: {
        href: `/history?eventType=StatusReported&programmeId=family-hubs&after=${auditCursorOf(event(29))}`,
      },
    });
    expect(results.downloads).toEqual({
      csv: '/history/download?eventType=StatusReported&programmeId=family-hubs&format=csv',
      jsonl: '/history/download?eventType=StatusReported&programmeId=family-hubs&format=jsonl',
    });
  });

  it('on the first page offers no previous page; one event is counted as one', () => {
    const results = historyResultsOf(
      historyRequestOf({}, choices),
      pageOf([event(1)]),
      undefined,
      directory,
    );
    expect(results.count).toBe('1 event recorded, newest first.');
    expect(results.pagination).toEqual({ previous: null, next: null });
    expect(results.downloads.csv).toBe('/history/download?format=csv');
  });

  it('finds the previous page from the entries after the cursor the other way', () => {
    expect(previousAfterOf(pageOf([event(31), event(32), event(33)]), 3)).toBe(
      auditCursorOf(event(33)),
    );
    expect(previousAfterOf(pageOf([event(31), event(32)]), 3)).toBeNull();
  });
});

describe('the filter form', () => {
  it('offers every list by name, with what was chosen selected', () => {
    const request = historyRequestOf(
      {
        programmeId: 'family-hubs',
        role: 'AUDITOR',
        areaCode: 'E09000022',
        order: 'oldest',
        dates: 'recorded',
      },
      choices,
    );
    const filters = historyFiltersOf(request, lists);
    expect(filters.programmeId).toEqual([
      { value: '', text: 'Any programme', selected: false },
      { value: 'family-hubs', text: 'Family hubs', selected: true },
      { value: 'swis', text: 'Social workers in schools', selected: false },
    ]);
    expect(filters.role.find((item) => item.selected)).toEqual({
      value: 'AUDITOR',
      text: 'Auditor',
      selected: true,
    });
    expect(filters.eventType[0]).toEqual({ value: '', text: 'Any event', selected: true });
    expect(filters.eventType.find((item) => item.value === 'MilestoneAchieved')?.text).toBe(
      'Milestone achieved',
    );
    expect(filters.recommendationId[1]).toEqual({
      value: 'CSC-X',
      text: 'CSC-X: Family help',
      selected: false,
    });
    expect(filters.areaCode).toEqual({
      any: { value: '', text: 'Any local authority', selected: false },
      groups: [
        { label: 'London', items: [{ value: 'E09000022', text: 'Lambeth', selected: true }] },
      ],
    });
    expect(filters.dates.find((item) => item.checked)?.value).toBe('recorded');
    expect(filters.order.find((item) => item.checked)?.value).toBe('oldest');
  });

  it("groups England's 153 local authorities by region, by name, then the former ones", () => {
    const groups = areaGroupsOf(LocalAuthorityRegister.shipped());
    expect(groups).toHaveLength(10);
    expect(groups.slice(0, 9).flatMap((group) => group.areas)).toHaveLength(153);
    expect(groups.at(-1)?.label).toBe('Former local authorities');
    expect(groups.at(-1)?.areas.map((area) => area.name)).toContain('Cumbria');
    const london = groups.find((group) => group.label === 'London')!;
    const names = london.areas.map((area) => area.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en-GB')));
    expect(names).toContain('Lambeth');
  });
});
