import { existsSync } from 'fs';
import { type Browser, type BrowserServer, chromium } from 'playwright-core';
import { E2E_EVENT_STORE, TrackerServer } from './support/tracker-server';

/** The page's global that a callback run in the browser uses (the project compiles without DOM). */
declare const localStorage: { setItem(key: string, value: string): void };

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];

/**
 * GraphiQL at /graphiql works on a machine with no internet (issue 14): the page and every
 * script and style it loads come from the tracker itself. The server runs in development, where
 * GraphiQL is on. The browser part runs in the SQLite pass only, like the site's.
 */
describe('GraphiQL, served by the tracker itself', () => {
  const server = new TrackerServer('graphiql', { NODE_ENV: 'development' });
  let token: string;

  beforeAll(async () => {
    await server.start();
    token = server.createToken('BOARD_MEMBER', 'Bea Board');
  });
  afterAll(() => server.dispose());

  it('serves the page and every script and style it references, none from elsewhere', async () => {
    const page = await fetch(`${server.url}/graphiql`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(references.length).toBeGreaterThanOrEqual(5);
    expect(html).not.toMatch(/https?:\/\//);
    for (const reference of references) {
      expect(reference).toMatch(/^\/graphiql\//);
      const asset = await fetch(new URL(reference, server.url));
      expect({ reference, status: asset.status }).toEqual({ reference, status: 200 });
      expect(asset.headers.get('content-type')).toMatch(
        reference.endsWith('.css') ? /^text\/css/ : /^application\/javascript/,
      );
      expect((await asset.text()).length).toBeGreaterThan(0);
    }
  });

  it('serves nothing else from the packages it takes its files from', async () => {
    for (const path of [
      'package.json',
      'react.development.js',
      'esm/index.js',
      '../package.json',
    ]) {
      expect((await fetch(`${server.url}/graphiql/${path}`)).status).toBe(404);
    }
  });

  const browserSkip =
    E2E_EVENT_STORE !== 'sqlite'
      ? 'it runs in the SQLite pass only'
      : !existsSync(CHROMIUM) && process.env.CI !== 'true'
        ? `${CHROMIUM} is missing (apt-get install -y chromium)`
        : null;
  if (browserSkip) process.stderr.write(`Skipping GraphiQL in Chromium: ${browserSkip}.\n`);

  (browserSkip ? describe.skip : describe)('in headless Chromium with no network', () => {
    let browserServer: BrowserServer;
    let browser: Browser;

    beforeAll(async () => {
      browserServer = await chromium.launchServer({
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
      });
      browser = await chromium.connect(browserServer.wsEndpoint());
    }, 120_000);
    afterAll(async () => {
      await Promise.race([
        browser?.close(),
        new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
      ]);
      await browserServer?.kill();
    }, 60_000);

    it('renders the editor and loads the schema explorer with the token entered', async () => {
      const context = await browser.newContext();
      const origin = new URL(server.url).origin;
      const elsewhere: string[] = [];
      // Anything but the tracker is cut off, as on a machine with no internet.
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(origin)) return route.continue();
        elsewhere.push(url);
        return route.abort('internetdisconnected');
      });
      // The token as typed into GraphiQL's headers editor, which it keeps in localStorage.
      await context.addInitScript(
        (headers: string) => {
          localStorage.setItem('graphiql:headers', headers);
        },
        JSON.stringify({ Authorization: `Bearer ${token}` }),
      );
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${server.url}/graphiql`);
      await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
      await page.getByLabel('Show Documentation Explorer').click();
      await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).waitFor();
      // A query runs with the token, its answer shown.
      await page.locator('.graphiql-query-editor .CodeMirror').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('{ whoAmI { name } }');
      await page.getByLabel('Execute query (Ctrl-Enter)').click();
      await page.locator('.result-window').getByText('Bea Board').waitFor();
      expect(elsewhere).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }, 60_000);
  });
});
