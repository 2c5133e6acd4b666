import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, extname, join, relative, sep } from 'path';
import { gzipSync } from 'zlib';
import { referenceDataPath } from '@app/kernel';

/** The hexagon map of England's local authorities, served to the dashboard as is. */
export const HEXMAP_FILE = 'england-upper-tier-hexmap.hexjson';

/**
 * Every dashboard response may load scripts, styles, fonts, images and data from this origin
 * only: no inline script or style, no framing, no plugins.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.hexjson': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** Types worth compressing (fonts and images are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.map', '.json', '.hexjson', '.svg']);

interface StaticFile {
  path: string;
  type: string;
  cacheControl: string;
  compressible: boolean;
}

interface LoadedFile {
  mtimeMs: number;
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
}

/**
 * A folder of the server's own browser files under `apps/api` (`dashboard`, `graphiql`), found by
 * walking up from here: the server runs from sources in tests and from `dist/` otherwise, and
 * the folders are not copied.
 */
export function browserFilesDirectory(name: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'api', name);
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`The ${name} files (apps/api/${name}) are missing`);
  }
}

/** The dashboard's own files (`apps/api/dashboard`). */
export const dashboardDirectory = (): string => browserFilesDirectory('dashboard');

/** GOV.UK Frontend's prebuilt files, straight from node_modules. */
export function govukDirectory(): string {
  return dirname(require.resolve('govuk-frontend/dist/govuk/govuk-frontend.min.js'));
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const path = join(root, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

const urlPath = (root: string, path: string): string => relative(root, path).split(sep).join('/');

/**
 * The table of every URL the dashboard serves, fixed at start-up: a request for anything else is
 * not found, whatever its path says (no directory listing, no `..`).
 */
export function dashboardFiles(): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const add = (url: string, path: string, cacheControl: string): void => {
    const extension = extname(path);
    const type = TYPES[extension];
    if (type)
      files.set(url, { path, type, cacheControl, compressible: COMPRESSIBLE.has(extension) });
  };
  // Revalidated on every use (ETag), so a new version shows at once.
  const ours = 'no-cache';
  const dashboard = dashboardDirectory();
  add('/dashboard/', join(dashboard, 'index.html'), ours);
  for (const path of filesUnder(dashboard))
    add(`/dashboard/${urlPath(dashboard, path)}`, path, ours);
  const govuk = govukDirectory();
  for (const name of ['govuk-frontend.min.css', 'govuk-frontend.min.js']) {
    add(`/dashboard/govuk/${name}`, join(govuk, name), ours);
    add(`/dashboard/govuk/${name}.map`, join(govuk, `${name}.map`), ours);
  }
  // The CSS asks for /assets/fonts/... and /assets/images/...; fonts carry a hash in their names.
  const assets = join(govuk, 'assets');
  for (const path of filesUnder(assets))
    add(`/assets/${urlPath(assets, path)}`, path, 'public, max-age=86400');
  add(`/reference-data/${HEXMAP_FILE}`, referenceDataPath(HEXMAP_FILE), ours);
  return files;
}

/** Reads a file once, and again when it changes on disk; keeps its gzip and ETag beside it. */
class FileCache {
  private readonly loaded = new Map<string, LoadedFile>();

  get(file: StaticFile): LoadedFile {
    const { mtimeMs } = statSync(file.path);
    const cached = this.loaded.get(file.path);
    if (cached?.mtimeMs === mtimeMs) return cached;
    const body = readFileSync(file.path);
    const loaded: LoadedFile = {
      mtimeMs,
      body,
      gzip: file.compressible && body.length > 1024 ? gzipSync(body) : null,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    };
    this.loaded.set(file.path, loaded);
    return loaded;
  }
}

/**
 * Serves the web dashboard: `/dashboard/` (the page; `/` is the public site's home), `/dashboard/*` (its modules and styles, and GOV.UK
 * Frontend's), `/assets/*` (GOV.UK fonts and images) and the hexagon map. These are plain
 * Fastify routes, outside Nest's guard: they are public, and hold no data. Everything the page
 * shows comes from the API, with the bearer token the user pastes into it.
 */
export function registerDashboard(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const files = dashboardFiles();
  const cache = new FileCache();
  const serve = (
    request: { url: string; headers: Record<string, string | string[] | undefined> },
    reply: {
      header(name: string, value: string): unknown;
      code(status: number): unknown;
      send(body?: Buffer): unknown;
      callNotFound(): void;
    },
  ): void => {
    const file = files.get(request.url.split('?')[0]);
    if (!file) return reply.callNotFound();
    const loaded = cache.get(file);
    reply.header('content-type', file.type);
    reply.header('cache-control', file.cacheControl);
    reply.header('etag', loaded.etag);
    reply.header('content-security-policy', DASHBOARD_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (loaded.gzip) reply.header('vary', 'accept-encoding');
    if (request.headers['if-none-match'] === loaded.etag) {
      reply.code(304);
      reply.send();
      return;
    }
    const acceptEncoding = String(request.headers['accept-encoding'] ?? '');
    if (loaded.gzip && /\bgzip\b/.test(acceptEncoding)) {
      reply.header('content-encoding', 'gzip');
      reply.send(loaded.gzip);
      return;
    }
    reply.send(loaded.body);
  };
  // Its pages link relatively (`?view=history`), so its address ends with a slash.
  fastify.get('/dashboard', (_request, reply) => reply.redirect('/dashboard/', 301));
  for (const route of ['/dashboard/*', '/assets/*', `/reference-data/${HEXMAP_FILE}`]) {
    fastify.get(route, serve);
  }
}
