import { isNotModified, type PageBasis, validatorsOf } from './validators';

const BASIS: PageBasis = {
  head: { position: 41, recordedAt: '2026-12-04T14:05:00.000Z' },
  readModels: { recommendations: 40, 'audit-trail': 41 },
  today: '2026-12-04',
};

describe('validators of public pages', () => {
  it('stay the same while the basis, the URL and the site stay the same', () => {
    const one = validatorsOf(BASIS, '/register?stage=FUNDED', 'v1');
    expect(validatorsOf({ ...BASIS }, '/register?stage=FUNDED', 'v1')).toEqual(one);
    expect(one.etag).toMatch(/^"[\w-]{27}"$/);
    expect(one.lastModified).toBe('Fri, 04 Dec 2026 14:05:00 GMT');
  });

  it('do not depend on the order the read models are listed in', () => {
    const reordered = { ...BASIS, readModels: { 'audit-trail': 41, recommendations: 40 } };
    expect(validatorsOf(reordered, '/', 'v1')).toEqual(validatorsOf(BASIS, '/', 'v1'));
  });

  it('change when the head moves, the query differs or the site is new', () => {
    const { etag } = validatorsOf(BASIS, '/register', 'v1');
    const moved = { ...BASIS, head: { ...BASIS.head, position: 42 } };
    expect(validatorsOf(moved, '/register', 'v1').etag).not.toBe(etag);
    expect(validatorsOf(BASIS, '/register?stage=FUNDED', 'v1').etag).not.toBe(etag);
    expect(validatorsOf(BASIS, '/register', 'v2').etag).not.toBe(etag);
  });

  it('change at midnight in England, when overdue counts move', () => {
    const { etag } = validatorsOf(BASIS, '/programmes/family-hubs', 'v1');
    const nextDay = { ...BASIS, today: '2026-12-05' };
    expect(validatorsOf(nextDay, '/programmes/family-hubs', 'v1').etag).not.toBe(etag);
  });

  it('keep a page built before its read models caught up apart from the page built after', () => {
    // Appended at 42: the head has moved but the recommendations read model has not yet.
    const appended = { ...BASIS, head: { ...BASIS.head, position: 42 } };
    const behind = validatorsOf(appended, '/register', 'v1').etag;
    const caughtUp = { ...appended, readModels: { ...appended.readModels, recommendations: 42 } };
    expect(validatorsOf(caughtUp, '/register', 'v1').etag).not.toBe(behind);
    // A read model catching up on its own (another projection's events) moves the ETag too.
    const audited = { ...caughtUp, readModels: { ...caughtUp.readModels, 'audit-trail': 42 } };
    expect(validatorsOf(audited, '/register', 'v1').etag).not.toBe(
      validatorsOf(caughtUp, '/register', 'v1').etag,
    );
  });

  it('have no Last-Modified for an empty store', () => {
    const empty = { head: { position: 0, recordedAt: null }, readModels: {}, today: '2026-12-04' };
    expect(validatorsOf(empty, '/', 'v1').lastModified).toBeNull();
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
