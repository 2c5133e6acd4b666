import { execFileSync, spawn } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, type Page } from 'playwright-core';
import { stop } from './api-vs-ceiling';
import { waitForHealth } from './graphql-writes';

const ROOT = join(__dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];

/**
 * Signs in as a board member through the sign-in page, with an account made by the CLI: with
 * no SMTP_URL the server writes the mail to its log, where the link is read.
 */
async function signInAsBoardMember(
  page: Page,
  url: string,
  dataDir: string,
  serverLog: () => string,
): Promise<void> {
  const email = 'ada.board@example.org';
  execFileSync(
    process.execPath,
    [
      ...[join(ROOT, 'bin/tracker'), 'account', 'add', '--role', 'BOARD_MEMBER'],
      ...['--email', email, '--name', 'Ada Board', '--organisation', 'The reform board'],
    ],
    { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'error' }, stdio: 'ignore' },
  );
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  let link: string | undefined;
  for (let tries = 0; !link && tries < 100; tries++) {
    link = /https?:\/\/[^\s"\\]+\/sign-in\/link\/[\w-]+/.exec(serverLog())?.[0];
    if (!link) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!link) throw new Error('The sign-in link did not reach the server log');
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${url}/overview`);
}

/** From the top of the page to the end of the programme's map and its key. */
async function screenshotToMap(page: Page, file: string): Promise<void> {
  const map = (await page.locator('figure.app-map').boundingBox())!;
  await page.screenshot({
    path: join(SCREENSHOTS, file),
    fullPage: true,
    clip: { x: 0, y: 0, width: 1280, height: map.y + map.height + 20 },
  });
}

/**
 * The README's pictures of the public site and the signed-in pages, 1280 px wide, taken in headless Chromium from the
 * built server on the shipped data: `npm run build && node dist/bench/site-screenshots.js`.
 */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-site-screenshots-'));
  const port = 3800 + Math.floor(Math.random() * 90);
  // The mail of the sign-in link is logged at warn, with no SMTP_URL.
  const { SMTP_URL: _smtp, ...env } = process.env;
  const server = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
    env: { ...env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let serverLog = '';
  server.stdout.setEncoding('utf8').on('data', (chunk: string) => (serverLog += chunk));
  const url = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    await waitForHealth(url, server);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const page = await browser.newPage({
      viewport: { width: 1280, height: 1000 },
      locale: 'en-GB',
    });
    await page.goto(`${url}/register`);
    await page.screenshot({ path: join(SCREENSHOTS, 'public-register.png') });
    await page.goto(`${url}/programmes/social-workers-in-schools`);
    await screenshotToMap(page, 'public-programme.png');
    await signInAsBoardMember(page, url, dataDir, () => serverLog);
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png') });
    await page.goto(`${url}/overview/programmes/social-workers-in-schools`);
    await screenshotToMap(page, 'programme-map.png');
    process.stdout.write(
      'wrote docs/screenshots/public-register.png, public-programme.png, overview.png and programme-map.png\n',
    );
  } finally {
    await browser.close();
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
