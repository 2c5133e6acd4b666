import fastifyView from '@fastify/view';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import { dirname } from 'path';
import { answerAsset } from './assets';
import { govukDate, govukDateTime, govukTime } from './dates';
import { govukDirectory, viewsDirectory } from './site-files';
import { SiteSettings } from './site-settings';
import { SITE_ASSETS_PATH } from './styles';
import { redirectRetiredDashboard } from '../signed-in/retired-dashboard';
import { registerSessions } from '../signed-in/sessions';

/** The filters every template may use, beside nunjucks' own. */
export function configureNunjucks(env: nunjucks.Environment): void {
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
  serveAssets(app.getHttpAdapter().getInstance(), settings);
  await registerSessions(app);
  redirectRetiredDashboard(app.getHttpAdapter().getInstance());
}

function serveAssets(fastify: FastifyInstance, settings: SiteSettings): void {
  // Plain Fastify routes, outside Nest's guard: public files that hold no data.
  fastify.get(`${SITE_ASSETS_PATH}*`, (request, reply) => {
    const answer = answerAsset(settings.assets, request);
    if (answer.status === 404) return reply.callNotFound();
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  });
}
