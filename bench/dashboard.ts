import { ChildProcess, execFileSync, spawn } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { type Browser, chromium } from 'playwright-core';
import { waitForHealth } from './graphql-writes';
import { printTable } from './report';

const ROOT = join(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const TOKEN_KEY = 'reform-tracker.token';

/** The page's globals used by code run in the browser (the project compiles without DOM). */
declare const sessionStorage: { setItem(key: string, value: string): void };

interface FirstView {
  milliseconds: number;
  scripts: number;
  transferred: number;
  decoded: number;
}

/** One cold first view: a fresh context (empty cache), the token already in the tab's session. */
async function firstView(browser: Browser, url: string, token: string): Promise<FirstView> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
  });
  try {
    await context.addInitScript(
      ([key, value]) => sessionStorage.setItem(key, value),
      [TOKEN_KEY, token],
    );
    const page = await context.newPage();
    const sizes: Promise<[number, number]>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      sizes.push(
        Promise.all([
          response
            .request()
            .sizes()
            .then((s) => s.responseBodySize),
          response.body().then((body) => body.length),
        ]),
      );
    });
    const started = performance.now();
    await page.goto(`${url}/dashboard/`);
    await page.waitForSelector('main[data-ready="overview"] #overview-body[data-slice="now"]');
    const milliseconds = performance.now() - started;
    const measured = await Promise.all(sizes);
    return {
      milliseconds,
      scripts: measured.length,
      transferred: measured.reduce((sum, [bytes]) => sum + bytes, 0),
      decoded: measured.reduce((sum, [, bytes]) => sum + bytes, 0),
    };
  } finally {
    await context.close();
  }
}

/** docs/screenshots/overview.png and programme-map.png, on the shipped data. */
async function screenshots(browser: Browser, url: string, token: string): Promise<string[]> {
  const dir = join(ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 1400 },
    locale: 'en-GB',
  });
  try {
    await context.addInitScript(
      ([key, value]) => sessionStorage.setItem(key, value),
      [TOKEN_KEY, token],
    );
    const page = await context.newPage();
    await page.goto(`${url}/dashboard/`);
    await page.waitForSelector('main[data-ready="overview"] #overview-body[data-slice="now"]');
    const overview = join(dir, 'overview.png');
    await page.screenshot({ path: overview });
    await page.goto(`${url}/dashboard/?view=programme&id=social-workers-in-schools`);
    await page.waitForSelector('main[data-ready="programme"] svg.app-hexmap');
    const top = (await page.locator('h1').boundingBox())!.y - 40;
    const bottom = (await page.locator('#map-column').boundingBox())!;
    const map = join(dir, 'programme-map.png');
    await page.screenshot({
      path: map,
      fullPage: true,
      clip: { x: 0, y: top, width: 1280, height: bottom.y + bottom.height - top + 20 },
    });
    return [overview, map];
  } finally {
    await context.close();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * The dashboard's first view in headless Chromium against the built server (its own process,
 * a fresh data directory with the shipped data): the JavaScript it transfers and the time from
 * navigation to the rendered overview, over `runs` cold loads after one warm-up.
 */
export async function benchDashboard(runs = 10, takeScreenshots = false): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(
      `\nDashboard: skipped, ${CHROMIUM} is missing (apt-get install chromium)\n`,
    );
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-bench-dashboard-'));
  const port = 3800 + Math.floor(Math.random() * 90);
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
  };
  const server: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
    env,
    stdio: 'inherit',
  });
  const url = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    await waitForHealth(url, server);
    const token = execFileSync(
      process.execPath,
      [join(ROOT, 'bin/tracker'), 'token', 'create', '--role', 'BOARD_MEMBER', '--name', 'Bench'],
      { env, encoding: 'utf8' },
    ).trim();
    await firstView(browser, url, token);
    const views: FirstView[] = [];
    for (let i = 0; i < runs; i++) views.push(await firstView(browser, url, token));
    const times = views.map((view) => view.milliseconds);
    const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
    printTable(
      `Dashboard first view (headless Chromium, ${runs} cold loads, shipped data)`,
      ['measure', 'figure'],
      [
        [
          'navigation to the rendered overview',
          `median ${median(times).toFixed(0)} ms (${Math.min(...times).toFixed(0)} to ${Math.max(...times).toFixed(0)} ms)`,
        ],
        [
          'JavaScript transferred (gzip)',
          `${kb(views[0].transferred)} in ${views[0].scripts} files`,
        ],
        ['JavaScript uncompressed', kb(views[0].decoded)],
      ],
    );
    if (takeScreenshots) {
      for (const file of await screenshots(browser, url, token)) {
        process.stdout.write(`wrote ${file}\n`);
      }
    }
  } finally {
    await browser.close();
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 10;
  benchDashboard(runs, process.argv.includes('--screenshots')).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
