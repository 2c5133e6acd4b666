import { publicPagePaths, robotsTxt, sitemapXml } from './sitemap';

describe('the sitemap and robots.txt', () => {
  it('lists every public page: home, the register and each recommendation, the sources and each source, programmes and each one with its moved targets and its areas, funding, open data', () => {
    expect(
      publicPagePaths({
        recommendationIds: ['CSC-NIB'],
        sourceIds: ['ircsc-final-report-2022'],
        programmes: [
          { id: 'family-help', areaCodes: ['E09000022', 'E06000001'] },
          { id: 'kinship', areaCodes: [] },
        ],
      }),
    ).toEqual([
      '/',
      '/register',
      '/register/CSC-NIB',
      '/sources',
      '/sources/ircsc-final-report-2022',
      '/programmes',
      '/programmes/family-help',
      '/programmes/family-help/moved-targets',
      '/programmes/family-help/areas/E06000001',
      '/programmes/family-help/areas/E09000022',
      '/programmes/kinship',
      '/programmes/kinship/moved-targets',
      '/funding',
      '/open-data',
    ]);
  });

  it('writes the sitemaps.org XML, escaped', () => {
    const xml = sitemapXml(['https://example.org/', 'https://example.org/a?b=1&c=2']);
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(xml).toContain('<url><loc>https://example.org/</loc></url>');
    expect(xml).toContain('<loc>https://example.org/a?b=1&#38;c=2</loc>');
  });

  it('points robots at the sitemap and away from the API and the signed-in pages', () => {
    const robots = robotsTxt('https://example.org/sitemap.xml');
    expect(robots).toContain('Sitemap: https://example.org/sitemap.xml');
    expect(robots).toContain('Disallow: /graphql');
    expect(robots).toContain('Disallow: /overview');
    expect(robots).toContain('Disallow: /history');
    expect(robots).toContain('Disallow: /changes');
    expect(robots).not.toContain('Disallow: /register');
  });
});
