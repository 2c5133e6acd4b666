import type { Mailbox } from './mailbox';

/** A page as the client got it: redirects are not followed, so tests see each answer. */
/** The text of a page's <main>, without its tags: what a person reads. */
export const mainText = (html: string): string =>
  (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export interface PageAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The Location of a redirect. */
  location: string | null;
}

const CSRF_FIELD = /name="_csrf" value="([^"]+)"/;

/**
 * A browser without a browser, for HTTP end-to-end tests of the signed-in pages: it keeps the
 * session cookie, and posts forms with the CSRF token of the last page it fetched (as a
 * person's browser would), unless the test gives another or none.
 */
export class SignedInClient {
  private cookies = new Map<string, string>();
  /** The `_csrf` of the last page that had a form. */
  csrfToken: string | null = null;

  /** A client of `baseUrl`; given `sameBrowser`, its cookies too (another process, one browser). */
  constructor(
    readonly baseUrl: string,
    sameBrowser?: SignedInClient,
  ) {
    if (sameBrowser) this.cookies = sameBrowser.cookies;
  }

  /**
   * Signs in as the account with this email, as a person does: asks for a link on the sign-in
   * page, takes it from the server's mailbox and follows it. Fails the test if that does not
   * work.
   */
  static async signIn(
    server: { url: string; mailbox: Mailbox | null },
    email: string,
  ): Promise<SignedInClient> {
    const client = new SignedInClient(server.url);
    await client.get('/sign-in');
    const asked = await client.postForm('/sign-in', { email });
    if (asked.status !== 200) throw new Error(`Sign-in answered ${asked.status}: ${asked.text}`);
    const answer = await client.followLink(await server.mailbox!.nextLinkTo(email));
    if (answer.status !== 303)
      throw new Error(`The link answered ${answer.status}: ${answer.text}`);
    return client;
  }

  /** Opens a mailed sign-in link and presses its page's "Sign in" button. */
  async followLink(link: string): Promise<PageAnswer> {
    const { pathname, search, searchParams } = new URL(link);
    await this.get(`${pathname}${search}`);
    const next = searchParams.get('next');
    return this.postForm(pathname, next ? { next } : {});
  }

  /** The cookie header this client sends (tests look at what it holds). */
  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(path: string, headers: Record<string, string> = {}): Promise<PageAnswer> {
    return this.send(path, { method: 'GET', headers });
  }

  /** Posts a urlencoded form; `_csrf` is this page's unless the fields say otherwise. */
  postForm(
    path: string,
    fields: Record<string, string | string[]>,
    { csrf = this.csrfToken }: { csrf?: string | null } = {},
  ): Promise<PageAnswer> {
    const body = new URLSearchParams();
    if (csrf !== null && !('_csrf' in fields)) body.append('_csrf', csrf);
    for (const [name, value] of Object.entries(fields))
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  }

  /** Posts a multipart form (a file upload); add `_csrf` to the form first, as the pages do. */
  postMultipart(path: string, form: FormData): Promise<PageAnswer> {
    return this.send(path, { method: 'POST', body: form });
  }

  private async send(
    path: string,
    init: { method: string; headers?: Record<string, string>; body?: string | FormData },
  ): Promise<PageAnswer> {
    const response = await fetch(new URL(path, this.baseUrl), {
      ...init,
      headers: { ...init.headers, ...(this.cookies.size ? { cookie: this.cookieHeader } : {}) },
      redirect: 'manual',
    });
    for (const cookie of response.headers.getSetCookie()) this.keep(cookie);
    const text = await response.text();
    const csrf = CSRF_FIELD.exec(text)?.[1];
    if (csrf) this.csrfToken = csrf;
    return {
      status: response.status,
      headers: response.headers,
      text,
      location: response.headers.get('location'),
    };
  }

  private keep(setCookie: string): void {
    const [pair, ...attributes] = setCookie.split(';');
    const [name, ...value] = pair.split('=');
    const expired = attributes.some((attribute) => /^\s*expires=thu, 01 jan 1970/i.test(attribute));
    if (expired || value.join('=') === '') this.cookies.delete(name.trim());
    else this.cookies.set(name.trim(), value.join('='));
  }
}
