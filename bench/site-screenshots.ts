import { spawn } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium } from 'playwright-core';
import { stop } from './api-vs-ceiling';
import { CHROMIUM, CHROMIUM_ARGS } from './dashboard';
import { waitForHealth } from './graphql-writes';

const ROOT = join(__dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

/**
 * The README's pictures of the public site, 1280 px wide, taken in headless Chromium from the
 * built server on the shipped data: `npm run build && node dist/bench/site-screenshots.js`.
 */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-site-screenshots-'));
  const port = 3800 + Math.floor(Math.random() * 90);
  const server = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'error' },
    stdio: 'inherit',
  });
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
    // From the top of the page to the end of the map and its key.
    const map = (await page.locator('figure.app-map').boundingBox())!;
    await page.screenshot({
      path: join(SCREENSHOTS, 'public-programme.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: map.y + map.height + 20 },
    });
    process.stdout.write(`wrote docs/screenshots/public-register.png and public-programme.png\n`);
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
