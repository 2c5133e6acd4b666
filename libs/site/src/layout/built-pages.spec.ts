import { Readable } from 'stream';
import { BuiltPages } from './built-pages';

const HTML = 'text/html; charset=utf-8';

describe('pages kept for their ETag', () => {
  it('keeps what a request building a page sent with 200, under its key', () => {
    const built = new BuiltPages();
    const request = {};
    built.expect(request, '"a" https://site');
    built.keep(request, 200, HTML, '<html>a</html>');
    expect(built.get('"a" https://site')).toEqual({ type: HTML, body: '<html>a</html>' });
    expect(built.get('"a" https://other')).toBeUndefined();
  });

  it('keeps no error, no stream, and nothing a request was not expected to build', () => {
    const built = new BuiltPages();
    const [failed, streamed, unexpected] = [{}, {}, {}];
    built.expect(failed, 'failed');
    built.keep(failed, 400, 'text/plain', 'The date must be a real date');
    built.expect(streamed, 'streamed');
    built.keep(streamed, 200, 'text/csv', Readable.from(['a,b']));
    built.keep(unexpected, 200, HTML, '<html></html>');
    expect([built.get('failed'), built.get('streamed')]).toEqual([undefined, undefined]);
  });

  it('drops the page built longest ago once 200 are kept', () => {
    const built = new BuiltPages();
    for (let i = 0; i <= 200; i++) {
      const request = {};
      built.expect(request, `page ${i}`);
      built.keep(request, 200, HTML, Buffer.from(`page ${i}`));
    }
    expect(built.get('page 0')).toBeUndefined();
    expect(built.get('page 1')?.body.toString()).toBe('page 1');
    expect(built.get('page 200')?.body.toString()).toBe('page 200');
  });
});
