import { xml2js, type Element } from 'xml-js';
import type { PublicEntry } from '../public-view/public-entry';
import {
  atomFeed,
  feedAsOf,
  programmeFeed,
  recommendationFeed,
  type FeedSubject,
} from './atom-feed';

const entry = (id: string, title: string, recordedAt: string): PublicEntry => ({
  id,
  position: 1,
  type: 'MilestoneAchieved',
  title,
  recommendationId: null,
  programmeId: 'family-hubs',
  areaCode: 'E09000022',
  page: '/programmes/family-hubs',
  occurredAt: '2026-03-01T00:00:00.000Z',
  recordedAt,
  actor: 'Lambeth, local authority officer',
  reason: 'Opened <early> & well',
  evidence: ['https://example.org/evidence?a=1&b=2'],
  facts: {},
});

const children = (element: Element, name: string): Element[] =>
  (element.elements ?? []).filter((child) => child.name === name);
const text = (element: Element): string =>
  (element.elements ?? []).map((child) => child.text ?? child.cdata ?? '').join('');

describe('atomFeed', () => {
  const subject = {
    path: '/feeds/programmes/family-hubs.atom',
    title: 'Family hubs',
    page: '/programmes/family-hubs',
  };
  const entries = [
    entry(
      'rollout-family-hubs.E09000022/3',
      "Lambeth achieved 'Hubs & more ]]> <b>'",
      '2026-03-02T10:15:00.000Z',
    ),
    entry('rollout-family-hubs.E09000022/2', 'Lambeth enrolled', '2026-03-01T09:00:00.000Z'),
  ];
  const feed = (about: FeedSubject = subject) => {
    const document = xml2js(atomFeed(about, entries, 'https://tracker.example'));
    return (document as Element).elements!.find((element) => element.name === 'feed')!;
  };

  it('is Atom 1.0 with stable ids and the newest step as its update', () => {
    const root = feed();
    expect(root.attributes?.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(text(children(root, 'id')[0])).toBe(
      'tag:reform-tracker,2026:/feeds/programmes/family-hubs.atom',
    );
    expect(text(children(root, 'updated')[0])).toBe('2026-03-02T10:15:00.000Z');
    const links = children(root, 'link').map((link) => link.attributes);
    expect(links).toContainEqual({
      rel: 'self',
      href: 'https://tracker.example/feeds/programmes/family-hubs.atom',
    });
    expect(links).toContainEqual({
      rel: 'alternate',
      href: 'https://tracker.example/programmes/family-hubs',
    });
  });

  it('gives each step its id, title in words, time recorded and page', () => {
    const [first, second] = children(feed(), 'entry');
    expect(text(children(first, 'id')[0])).toBe(
      'tag:reform-tracker,2026:rollout-family-hubs.E09000022/3',
    );
    // Atom's `html` text: the reader shows the words, never markup from them.
    expect(text(children(first, 'title')[0])).toBe(
      "Lambeth achieved 'Hubs &amp; more ]]&gt; &lt;b&gt;'",
    );
    expect(text(children(first, 'updated')[0])).toBe('2026-03-02T10:15:00.000Z');
    expect(children(first, 'link')[0].attributes?.href).toBe(
      'https://tracker.example/programmes/family-hubs',
    );
    expect(text(children(children(first, 'author')[0], 'name')[0])).toBe(
      'Lambeth, local authority officer',
    );
    expect(text(children(second, 'id')[0])).toBe(
      'tag:reform-tracker,2026:rollout-family-hubs.E09000022/2',
    );
  });

  it('as of a date, has its own id and links carrying the date, and says when in its title', () => {
    const asOf = { query: 'asOf=2026-03-01', asOfLabel: 'as recorded on 1 March 2026' };
    expect(feedAsOf(subject, { query: '', asOfLabel: 'as of 4 December 2026' })).toBe(subject);
    const then = feedAsOf(subject, asOf);
    expect(then).toEqual({
      path: '/feeds/programmes/family-hubs.atom?asOf=2026-03-01',
      title: 'Family hubs, as recorded on 1 March 2026',
      page: '/programmes/family-hubs?asOf=2026-03-01',
    });
    const root = (
      xml2js(atomFeed(then, entries, 'https://tracker.example')) as Element
    ).elements!.find((element) => element.name === 'feed')!;
    expect(text(children(root, 'id')[0])).toBe(
      'tag:reform-tracker,2026:/feeds/programmes/family-hubs.atom?asOf=2026-03-01',
    );
    expect(text(children(root, 'title')[0])).toBe('Family hubs, as recorded on 1 March 2026');
    expect(children(root, 'link').map((link) => link.attributes)).toContainEqual({
      rel: 'self',
      href: 'https://tracker.example/feeds/programmes/family-hubs.atom?asOf=2026-03-01',
    });
  });

  it("names a recommendation's and a programme's feed after what it follows, beside its page", () => {
    expect(recommendationFeed('CSC-NIB', 'Set up a board')).toEqual({
      path: '/feeds/recommendations/CSC-NIB.atom',
      title: 'Recommendation CSC-NIB: Set up a board',
      page: '/register/CSC-NIB',
    });
    expect(programmeFeed({ id: 'family-hubs', name: 'Family hubs' })).toEqual({
      ...subject,
      title: 'Family hubs: latest changes',
    });
  });
});
