import { Injectable } from '@nestjs/common';

/** A page or feed as it was sent: its body and its content type. */
export interface BuiltPage {
  type: string;
  body: string | Buffer;
}

/** Pages kept at once: at most a few MB (the largest page is about 100 KB). */
const MAX_PAGES = 200;

/**
 * Pages as they were built, by their ETag and the origin they were asked at (their canonical
 * link names it). A page's ETag names everything it is built from (validators.ts), so a page
 * built once is the page for that ETag until something moves: it is sent again without
 * building it, as a 304 is answered without it. Only whole 200 answers are kept, never a
 * stream (a download) or an error. The oldest page is dropped first.
 */
@Injectable()
export class BuiltPages {
  private readonly pages = new Map<string, BuiltPage>();
  private readonly expected = new WeakMap<object, string>();

  /** The page built for this key, if it is still kept. */
  get(key: string): BuiltPage | undefined {
    return this.pages.get(key);
  }

  /** The request is building the page for `key`: what it sends will be kept under it. */
  expect(request: object, key: string): void {
    this.expected.set(request, key);
  }

  /** Keeps what a request expected to build, if it was a whole page sent with 200. */
  keep(request: object, status: number, type: unknown, payload: unknown): void {
    const key = this.expected.get(request);
    if (!key || status !== 200 || typeof type !== 'string') return;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return;
    this.pages.delete(key);
    this.pages.set(key, { type, body: payload });
    if (this.pages.size > MAX_PAGES) this.pages.delete(this.pages.keys().next().value!);
  }
}
