import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { extname, join, relative, sep } from 'path';
import { gzipSync } from 'zlib';
import { isNotModified } from './validators';
import { filesUnder, govukDirectory, siteAssetsDirectory } from './site-files';
import { FontVariant, SITE_ASSETS_PATH, siteStyles } from './styles';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};
/** Fonts and bitmaps are compressed already. */
const COMPRESSIBLE = new Set(['.css', '.js', '.map', '.json', '.svg']);
/** A URL that names its content's fingerprint never changes: browsers keep it a year. */
const FINGERPRINTED = 'public, max-age=31536000, immutable';

export interface SiteAsset {
  type: string;
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
  /** The content's fingerprint, for `?v=` in URLs. */
  version: string;
}

function assetOf(name: string, body: Buffer): SiteAsset {
  const extension = extname(name);
  const digest = createHash('sha256').update(body).digest('base64url');
  return {
    type: TYPES[extension] ?? 'application/octet-stream',
    body,
    gzip: COMPRESSIBLE.has(extension) && body.length > 1024 ? gzipSync(body) : null,
    etag: `"${digest.slice(0, 27)}"`,
    version: digest.slice(0, 10),
  };
}

/**
 * Every file under /assets/site/, held in memory from the start (about 300 KB): the styles of
 * the configured font variant, GOV.UK Frontend's script, the site's scripts, GOV.UK's images and
 * manifest, and its fonts only where GDS Transport is allowed. Anything else is not found.
 */
export function siteAssets(variant: FontVariant): Map<string, SiteAsset> {
  const assets = new Map<string, SiteAsset>();
  const add = (name: string, body: Buffer): void => void assets.set(name, assetOf(name, body));
  add('govuk-frontend.css', Buffer.from(siteStyles(variant)));
  const govuk = govukDirectory();
  for (const name of ['govuk-frontend.min.js', 'govuk-frontend.min.js.map'])
    add(name, readFileSync(join(govuk, name)));
  for (const name of ['site.js', 'hex-map.js'])
    add(name, readFileSync(join(siteAssetsDirectory(), name)));
  const govukAssets = join(govuk, 'assets');
  for (const path of filesUnder(govukAssets)) {
    const name = relative(govukAssets, path).split(sep).join('/');
    if (name.startsWith('fonts/') && variant !== 'transport') continue;
    if (TYPES[extname(name)]) add(name, readFileSync(path));
  }
  return assets;
}

/** An asset's URL with its fingerprint, for the templates. */
export const assetUrl = (assets: Map<string, SiteAsset>, name: string): string => {
  const asset = assets.get(name);
  if (!asset) throw new Error(`No site asset ${name}`);
  return `${SITE_ASSETS_PATH}${name}?v=${asset.version}`;
};

export interface AssetRequest {
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface AssetAnswer {
  status: 200 | 304 | 404;
  headers: Record<string, string>;
  body?: Buffer;
}

/** What to answer a request under /assets/site/: the file, 304 when unchanged, or not found. */
export function answerAsset(assets: Map<string, SiteAsset>, request: AssetRequest): AssetAnswer {
  const url = new URL(request.url, 'http://site');
  const asset = assets.get(url.pathname.slice(SITE_ASSETS_PATH.length));
  if (!asset) return { status: 404, headers: {} };
  const headers: Record<string, string> = {
    'content-type': asset.type,
    'cache-control': url.searchParams.get('v') === asset.version ? FINGERPRINTED : 'no-cache',
    etag: asset.etag,
    'x-content-type-options': 'nosniff',
    ...(asset.gzip ? { vary: 'accept-encoding' } : {}),
  };
  if (isNotModified(request.headers['if-none-match'], asset.etag)) return { status: 304, headers };
  if (asset.gzip && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')))
    return { status: 200, headers: { ...headers, 'content-encoding': 'gzip' }, body: asset.gzip };
  return { status: 200, headers, body: asset.body };
}
