import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync } from 'fs';
import { join } from 'path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type BrowserServer,
  chromium,
  type Page,
} from 'playwright-core';
import type { Mailbox } from './support/mailbox';
import { E2E_EVENT_STORE, ROOT } from './support/tracker-server';

/**
 * Browser tests of the site in headless Chromium (Debian's, through playwright-core): pages opened with JavaScript on or off, and an axe-core
 * scan against WCAG 2.2 AA. Run in the SQLite pass only (the pages read the same queries on
 * every store). Without Chromium the suites are skipped with the reason printed, except under
 * CI=true, where that fails. A failing test leaves a screenshot in test/screenshots/.
 */

/** The page's globals that callbacks run in the browser use (the project compiles without DOM). */
declare const document: {
  documentElement: { scrollWidth: number; clientWidth: number };
};

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SCREENSHOTS = join(ROOT, 'test', 'screenshots');
/** WCAG 2.0, 2.1 and 2.2, levels A and AA: what GOV.UK services must meet. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Why browser suites cannot run here, or null. */
export function browserSkipReason(): string | null {
  if (E2E_EVENT_STORE !== 'sqlite') return 'they run in the SQLite pass only';
  if (!existsSync(CHROMIUM) && process.env.CI !== 'true')
    return `${CHROMIUM} is missing (apt-get install -y chromium)`;
  return null;
}

/** `describe`, or `describe.skip` with the reason printed when no browser can run. */
export function browserSuite(name: string): jest.Describe {
  const reason = browserSkipReason();
  if (reason) process.stderr.write(`Skipping ${name}: ${reason}.\n`);
  return reason ? describe.skip : describe;
}

/** Each journey runs twice: with JavaScript on, and off. */
export const JAVASCRIPT = [
  ['on', true],
  ['off', false],
] as const;

/** Chromium, launched as a server so that teardown holds the process and can kill it. */
export class SiteBrowser {
  /** Pages opened with JavaScript off, which axe cannot run in. */
  private readonly withoutJavaScript = new WeakSet<Page>();

  private constructor(
    private readonly server: BrowserServer,
    private readonly browser: Browser,
  ) {}

  static async launch(): Promise<SiteBrowser> {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing; under CI=true the browser tests must run`);
    const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    return new SiteBrowser(server, await chromium.connect(server.wsEndpoint()));
  }

  /** A fresh context (its own storage), for a test that sets it up itself. */
  newContext(options: BrowserContextOptions): Promise<BrowserContext> {
    return this.browser.newContext(options);
  }

  /**
   * Runs `body` on a page in a fresh context, JavaScript on or off. Page errors and console
   * errors (a failed load, a Content-Security-Policy refusal) fail it; a failure saves a
   * screenshot named after the test.
   */
  async withPage(
    name: string,
    {
      javaScriptEnabled,
      width = 1280,
      expectedConsole = null,
    }: { javaScriptEnabled: boolean; width?: number; expectedConsole?: RegExp | null },
    body: (page: Page) => Promise<void>,
  ): Promise<void> {
    const context = await this.browser.newContext({
      javaScriptEnabled,
      viewport: { width, height: 900 },
      locale: 'en-GB',
    });
    const page = await context.newPage();
    if (!javaScriptEnabled) this.withoutJavaScript.add(page);
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error' || expectedConsole?.test(message.text())) return;
      problems.push(`console: ${message.text()}`);
    });
    try {
      await body(page);
      expect(problems).toEqual([]);
    } catch (error) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const file = join(SCREENSHOTS, `${name.replace(/\W+/g, '-').slice(0, 80)}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      process.stderr.write(`Screenshot of the failed test "${name}": ${file}\n`);
      if (problems.length) process.stderr.write(`${problems.join('\n')}\n`);
      throw error;
    } finally {
      await context.close();
    }
  }

  /**
   * Scans the page as it is now with axe-core (WCAG 2.2 AA) and fails listing every violation.
   * axe runs in the page, which a page with JavaScript off cannot do: its HTML is then scanned
   * as it is, without scripts, in a page of its own on the same origin (so with its styles).
   */
  async expectAccessible(page: Page): Promise<void> {
    const url = page.url();
    if (!this.withoutJavaScript.has(page)) return expectNoViolations(page, url);
    const html = (await page.content()).replace(/<script\b[^>]*>[^<]*<\/script>/g, '');
    const context = await this.browser.newContext({ viewport: page.viewportSize() ?? undefined });
    try {
      const copy = await context.newPage();
      await copy.goto(new URL('/robots.txt', url).href);
      await copy.setContent(html, { waitUntil: 'load' });
      await expectNoViolations(copy, url);
    } finally {
      await context.close();
    }
  }

  /** Chromium now and then never answers a close in this container: killed after a grace period. */
  async close(): Promise<void> {
    const closed = await Promise.race([
      this.browser.close().then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
    ]);
    if (!closed) process.stderr.write('Chromium did not close within 10 s; killed\n');
    await this.server.kill();
  }
}

async function expectNoViolations(page: Page, url: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = violations.map(
    (violation) =>
      `${url}: ${violation.id} (${violation.impact}): ${violation.help}\n` +
      violation.nodes.map((node) => `    ${node.target.join(' ')}`).join('\n'),
  );
  expect(found).toEqual([]);
}

/** Whether the page itself scrolls sideways (at 320 px, only a scrolling region may). */
export const scrollsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** The id of the element that has the keyboard's focus ("" if none); works with JavaScript off. */
export const focusedId = async (page: Page): Promise<string> =>
  (await page
    .locator(':focus')
    .getAttribute('id')
    .catch(() => null)) ?? '';

/**
 * Signs in as a person does: their email on the sign-in page, then the link mailed to the
 * server's mailbox and its "Sign in" button; waits for the page it leads to (`next`, else the
 * role's home).
 */
export async function signIn(
  page: Page,
  server: { url: string; mailbox: Mailbox | null },
  email: string,
  next?: string,
): Promise<void> {
  const query = next ? `?${new URLSearchParams({ next }).toString()}` : '';
  await page.goto(`${server.url}/sign-in${query}`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await page.goto(await server.mailbox!.nextLinkTo(email));
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/sign-in')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}
