import { answerAsset, assetUrl, siteAssets } from './assets';

describe("the site's assets", () => {
  const system = siteAssets('system');

  it('offers GOV.UK Transport only to a gov.uk deployment', () => {
    expect([...system.keys()].filter((name) => name.startsWith('fonts/'))).toEqual([]);
    expect(system.get('govuk-frontend.css')!.body.toString()).not.toContain('GDS Transport');
    const transport = siteAssets('transport');
    expect([...transport.keys()].some((name) => name.startsWith('fonts/'))).toBe(true);
    expect(transport.get('govuk-frontend.css')!.body.toString()).toContain('GDS Transport');
  }, 30_000);

  it('keeps a fingerprinted URL a year, revalidates any other, and answers 304 when unchanged', () => {
    const url = assetUrl(system, 'site.js');
    expect(url).toMatch(/^\/assets\/site\/site\.js\?v=[\w-]{10}$/);
    const fresh = answerAsset(system, { url, headers: {} });
    expect(fresh.status).toBe(200);
    expect(fresh.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const stale = answerAsset(system, { url: '/assets/site/site.js?v=old', headers: {} });
    expect(stale.headers['cache-control']).toBe('no-cache');
    const again = answerAsset(system, { url, headers: { 'if-none-match': fresh.headers.etag } });
    expect([again.status, again.body]).toEqual([304, undefined]);
  });

  it('compresses text when asked, and finds nothing outside its table', () => {
    const css = answerAsset(system, {
      url: '/assets/site/govuk-frontend.css',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(css.headers['content-encoding']).toBe('gzip');
    for (const url of ['/assets/site/../package.json', '/assets/site/nope.css', '/assets/site/'])
      expect([url, answerAsset(system, { url, headers: {} }).status]).toEqual([url, 404]);
  });
});
