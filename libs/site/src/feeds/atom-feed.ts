import { Feed } from 'feed';
import type { PublicEntry } from '../public-view/public-entry';

/** What a feed is about and where it lives. */
export interface FeedSubject {
  /** The feed's own path, e.g. `/feeds/changes.atom`. */
  path: string;
  title: string;
  /** The public page the feed follows. */
  page: string;
}

/** The whole tracker's feed, which every page links to. */
export const CHANGES_FEED: FeedSubject = {
  path: '/feeds/changes.atom',
  title: 'Reform Tracker: latest changes',
  page: '/',
};

/** A recommendation's feed, which its page links to. */
export const recommendationFeed = (id: string, title: string): FeedSubject => ({
  path: `/feeds/recommendations/${encodeURIComponent(id)}.atom`,
  title: `Recommendation ${id}: ${title}`,
  page: `/register/${encodeURIComponent(id)}`,
});

/** A programme's feed, which its page and its areas' pages link to. */
export const programmeFeed = (programme: { id: string; name: string }): FeedSubject => ({
  path: `/feeds/programmes/${encodeURIComponent(programme.id)}.atom`,
  title: `${programme.name}: latest changes`,
  page: `/programmes/${encodeURIComponent(programme.id)}`,
});

/**
 * A feed as it stood on a date: its own URL and its page's carry the "as of" query (so its id
 * is its own), and its title says when. Today's feed is the subject as it is.
 */
export function feedAsOf(
  subject: FeedSubject,
  asOf: { query: string; asOfLabel: string },
): FeedSubject {
  if (!asOf.query) return subject;
  return {
    path: `${subject.path}?${asOf.query}`,
    title: `${subject.title}, ${asOf.asOfLabel}`,
    page: `${subject.page}?${asOf.query}`,
  };
}

/** The entries' and the feeds' ids: `tag:` URIs (RFC 4151), the same wherever the site is served. */
const TAG_AUTHORITY = 'tag:reform-tracker,2026:';

/** Atom's `html` text: feed readers render titles and summaries as HTML. */
const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const summaryOf = (entry: PublicEntry): string =>
  [
    `${entry.actor}.`,
    ...(entry.reason ? [entry.reason] : []),
    ...entry.evidence.map((link) => `Evidence: ${link}`),
  ]
    .map(escapeHtml)
    .join('<br>');

/**
 * An Atom 1.0 feed of public steps, newest first. Its `updated` is the newest step's, so the
 * same steps make the same document (and the same ETag).
 */
export function atomFeed(
  subject: FeedSubject,
  entries: readonly PublicEntry[],
  siteUrl: string,
): string {
  const feed = new Feed({
    id: `${TAG_AUTHORITY}${subject.path}`,
    title: subject.title,
    link: `${siteUrl}${subject.page}`,
    feed: `${siteUrl}${subject.path}`,
    updated: new Date(entries[0]?.recordedAt ?? 0),
    generator: false,
    author: { name: 'Reform Tracker' },
    copyright: 'Open Government Licence v3.0',
  });
  for (const entry of entries) {
    feed.addItem({
      id: `${TAG_AUTHORITY}${entry.id}`,
      title: escapeHtml(entry.title),
      link: `${siteUrl}${entry.page ?? subject.page}`,
      date: new Date(entry.recordedAt),
      published: new Date(entry.occurredAt),
      description: summaryOf(entry),
      author: [{ name: entry.actor }],
    });
  }
  return feed.atom1();
}
