import { isNotModified, validatorsOf } from './validators';

const HEAD = { position: 41, recordedAt: '2026-12-04T14:05:00.000Z' };

describe('validators of public pages', () => {
  it('stay the same while the head, the URL and the site stay the same', () => {
    const one = validatorsOf(HEAD, '/register?stage=FUNDED', 'v1');
    expect(validatorsOf(HEAD, '/register?stage=FUNDED', 'v1')).toEqual(one);
    expect(one.etag).toMatch(/^"[\w-]{27}"$/);
    expect(one.lastModified).toBe('Fri, 04 Dec 2026 14:05:00 GMT');
  });

  it('change when the head moves, the query differs or the site is new', () => {
    const { etag } = validatorsOf(HEAD, '/register', 'v1');
    expect(validatorsOf({ ...HEAD, position: 42 }, '/register', 'v1').etag).not.toBe(etag);
    expect(validatorsOf(HEAD, '/register?stage=FUNDED', 'v1').etag).not.toBe(etag);
    expect(validatorsOf(HEAD, '/register', 'v2').etag).not.toBe(etag);
  });

  it('have no Last-Modified for an empty store', () => {
    expect(validatorsOf({ position: 0, recordedAt: null }, '/', 'v1').lastModified).toBeNull();
  });

  it('answer 304 to an If-None-Match naming the ETag, in a list, weakly, or *', () => {
    const etag = '"abc"';
    expect(isNotModified('"abc"', etag)).toBe(true);
    expect(isNotModified('"x", W/"abc"', etag)).toBe(true);
    expect(isNotModified('*', etag)).toBe(true);
    expect(isNotModified(['"x"', '"abc"'], etag)).toBe(true);
    expect(isNotModified('"abd"', etag)).toBe(false);
    expect(isNotModified(undefined, etag)).toBe(false);
    expect(isNotModified('', etag)).toBe(false);
  });
});
