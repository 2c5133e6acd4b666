import type { FastifyReply, FastifyRequest } from 'fastify';
import { setPageHeaders } from './public-page';
import { SiteSettings } from './site-settings';

/** Paths that are not pages: their "not found" answers stay as the API writes them. */
const NOT_PAGES = new Set([
  'graphql',
  'graphiql',
  'health',
  'metrics',
  'exports',
  'imports',
  'assets',
]);

/** Whether a request that found nothing asked for a page (so gets GOV.UK's "Page not found"). */
export function isPageRequest(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const [first] = new URL(url, 'http://site').pathname.split('/').filter(Boolean);
  return first === undefined || !NOT_PAGES.has(first);
}

/** GOV.UK's "Page not found" page, with status 404. */
export function sendNotFoundPage(
  request: FastifyRequest,
  reply: FastifyReply,
  settings: SiteSettings,
): FastifyReply {
  setPageHeaders(reply, request, settings);
  return reply.code(404).view('404.njk');
}
