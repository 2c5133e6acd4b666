import { isPageRequest } from './not-found-page';

describe('which missing things are pages', () => {
  it('takes any GET of a path outside the API and its files for a page', () => {
    expect(isPageRequest('GET', '/register/NOPE')).toBe(true);
    expect(isPageRequest('HEAD', '/no-such-page?x=1')).toBe(true);
    expect(isPageRequest('GET', '/package.json')).toBe(true);
  });

  it('leaves the API, its files and anything but GET as they are', () => {
    for (const url of ['/graphql', '/health/nope', '/exports/x.csv', '/assets/site/x.css'])
      expect([url, isPageRequest('GET', url)]).toEqual([url, false]);
    expect(isPageRequest('PUT', '/register')).toBe(false);
    expect(isPageRequest('POST', '/nope')).toBe(false);
  });
});
