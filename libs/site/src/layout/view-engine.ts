import fastifyView from '@fastify/view';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import { dirname } from 'path';
import { answerAsset } from './assets';
import { BuiltPages } from './built-pages';
import { govukDate, govukDateTime, govukTime } from './dates';
import { govukDirectory, viewsDirectory } from './site-files';
import { SiteSettings } from './site-settings';
import { SITE_ASSETS_PATH } from './styles';
import { redirectRetiredDashboard } from '../signed-in/retired-dashboard';
import { registerSessions } from '../signed-in/sessions';

/**
 * Nunjucks' own `trim` (`replace(/^\s*|\s*$/g, '')`) tries `\s*$` from every character of every
 * run of white space, so its time grows with the square of the runs' lengths; GOV.UK's macros
 * trim each component's HTML, nested ones again, and that took most of a large page's time.
 * `String.prototype.trim` removes the same white space in one pass; markup stays marked safe.
 */
export function trim(text: unknown): unknown {
  const trimmed = String(text).trim();
  return text instanceof nunjucks.runtime.SafeString
    ? new nunjucks.runtime.SafeString(trimmed)
    : trimmed;
}

/** The filters every template may use, beside nunjucks' own (and `trim` in place of its own). */
export function configureNunjucks(env: nunjucks.Environment): void {
  env.addFilter('trim', trim);
  env.addFilter('govukDate', govukDate);
  env.addFilter('govukTime', govukTime);
  env.addFilter('govukDateTime', govukDateTime);
}

/**
 * Nunjucks through @fastify/view (`reply.view(template, model)`), with GOV.UK Frontend's
 * templates beside the site's own (`{% extends "govuk/template.njk" %}`), and the site's assets
 * under /assets/site/. Registered on Fastify before the app starts.
 */
export async function registerSite(app: NestFastifyApplication): Promise<void> {
  const settings = app.get(SiteSettings);
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [viewsDirectory(), dirname(govukDirectory())],
    defaultContext: settings.templateGlobals,
    options: { autoescape: true, throwOnUndefined: false, onConfigure: configureNunjucks },
  });
  const fastify = app.getHttpAdapter().getInstance();
  serveAssets(fastify, settings);
  await registerSessions(app);
  redirectRetiredDashboard(fastify);
  // What a public page sends is kept for its ETag (built-pages.ts).
  const built = app.get(BuiltPages);
  fastify.addHook('onSend', (request, reply, payload, done) => {
    built.keep(request, reply.statusCode, reply.getHeader('content-type'), payload);
    done(null, payload);
  });
}

function serveAssets(fastify: FastifyInstance, settings: SiteSettings): void {
  // Plain Fastify routes, outside Nest's guard: public files that hold no data.
  fastify.get(`${SITE_ASSETS_PATH}*`, (request, reply) => {
    const answer = answerAsset(settings.assets, request);
    if (answer.status === 404) return reply.callNotFound();
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  });
}
