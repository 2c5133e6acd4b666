/** A programme and the areas it has enrolled, each of which has a page. */
export interface ProgrammePages {
  id: string;
  areaCodes: readonly string[];
}

/**
 * Every public page's path: home, the register and each recommendation, the sources and each
 * source, programmes and each one with its moved targets and its enrolled areas, funding by
 * region, open data.
 */
export function publicPagePaths({
  recommendationIds,
  sourceIds,
  programmes,
}: {
  recommendationIds: readonly string[];
  sourceIds: readonly string[];
  programmes: readonly ProgrammePages[];
}): string[] {
  return [
    '/',
    '/register',
    ...recommendationIds.map((id) => `/register/${encodeURIComponent(id)}`),
    '/sources',
    ...sourceIds.map((id) => `/sources/${encodeURIComponent(id)}`),
    '/programmes',
    ...programmes.flatMap(({ id, areaCodes }) => {
      const programme = `/programmes/${encodeURIComponent(id)}`;
      return [
        programme,
        `${programme}/moved-targets`,
        ...[...areaCodes].sort().map((code) => `${programme}/areas/${encodeURIComponent(code)}`),
      ];
    }),
    '/funding',
    '/open-data',
  ];
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sitemaps.org XML of these absolute URLs. */
export const sitemapXml = (urls: readonly string[]): string =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls.map((url) => `  <url><loc>${escapeXml(url)}</loc></url>`),
    '</urlset>',
    '',
  ].join('\n');

/** Paths that are not for search engines: the API, its files, the signed-in pages. */
const NOT_FOR_ROBOTS = [
  '/graphql',
  '/graphiql',
  '/sign-in',
  '/overview',
  '/report',
  '/history',
  '/changes',
  '/exports/',
  '/imports/',
  '/health',
  '/metrics',
];

export const robotsTxt = (sitemapUrl: string): string =>
  [
    'User-agent: *',
    ...NOT_FOR_ROBOTS.map((path) => `Disallow: ${path}`),
    '',
    `Sitemap: ${sitemapUrl}`,
    '',
  ].join('\n');
