import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'fs';
import { join } from 'path';
import { gunzipSync } from 'zlib';
import {
  DASHBOARD_CSP,
  dashboardDirectory,
  dashboardFiles,
  govukDirectory,
  HEXMAP_FILE,
  registerDashboard,
} from './dashboard';

@Module({})
class EmptyModule {}

describe('dashboard files', () => {
  it('serves the page, its own files, GOV.UK Frontend and the hexagon map, and nothing else', () => {
    const files = dashboardFiles();
    for (const url of [
      '/dashboard/',
      '/dashboard/app.js',
      '/dashboard/dashboard.css',
      '/dashboard/govuk/govuk-frontend.min.js',
      '/dashboard/govuk/govuk-frontend.min.css',
      '/assets/images/favicon.svg',
      `/reference-data/${HEXMAP_FILE}`,
    ]) {
      expect([url, files.has(url)]).toEqual([url, true]);
    }
    const dashboard = dashboardDirectory();
    const govuk = govukDirectory();
    for (const [url, file] of files) {
      expect(url).toMatch(/^\/(dashboard\/|assets\/|reference-data\/)/);
      expect(url).not.toContain('..');
      expect(
        file.path.startsWith(dashboard) ||
          file.path.startsWith(govuk) ||
          file.path.endsWith(join('reference-data', HEXMAP_FILE)),
      ).toBe(true);
    }
    // Of GOV.UK Frontend, only the prebuilt bundle and its assets.
    const fromGovuk = [...files.keys()].filter((url) => url.startsWith('/dashboard/govuk/'));
    expect(fromGovuk.sort()).toEqual([
      '/dashboard/govuk/govuk-frontend.min.css',
      '/dashboard/govuk/govuk-frontend.min.css.map',
      '/dashboard/govuk/govuk-frontend.min.js',
      '/dashboard/govuk/govuk-frontend.min.js.map',
    ]);
  });
});

describe('dashboard routes', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(EmptyModule, new FastifyAdapter(), {
      logger: false,
    });
    registerDashboard(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  it('answers with the file, its type, a CSP and an ETag; gzip when asked; 304 when unchanged', async () => {
    const page = await app.inject({ method: 'GET', url: '/dashboard/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(page.body).toBe(readFileSync(join(dashboardDirectory(), 'index.html'), 'utf8'));

    const script = await app.inject({
      method: 'GET',
      url: '/dashboard/app.js?v=1',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(script.headers['content-encoding']).toBe('gzip');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(gunzipSync(script.rawPayload).toString('utf8')).toBe(
      readFileSync(join(dashboardDirectory(), 'app.js'), 'utf8'),
    );

    const again = await app.inject({
      method: 'GET',
      url: '/dashboard/',
      headers: { 'if-none-match': String(page.headers.etag) },
    });
    expect([again.statusCode, again.body]).toEqual([304, '']);
    const head = await app.inject({ method: 'HEAD', url: '/dashboard/' });
    expect([head.statusCode, head.body]).toEqual([200, '']);
  });

  it('sends /dashboard to /dashboard/, where its relative links work', async () => {
    const response = await app.inject({ method: 'GET', url: '/dashboard' });
    expect([response.statusCode, response.headers.location]).toEqual([301, '/dashboard/']);
  });

  it('finds nothing outside its table', async () => {
    for (const url of [
      '/',
      '/dashboard/nope.js',
      '/dashboard/../package.json',
      '/dashboard/%2e%2e/%2e%2e/package.json',
      '/assets/../../package.json',
      '/reference-data/local-authorities.csv',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      expect([url, response.statusCode]).toEqual([url, 404]);
    }
  });
});
