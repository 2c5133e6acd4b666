import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { govukDirectory } from './site-files';

/**
 * GOV.UK's page template has one inline script (it marks the body `js-enabled`, so components
 * are styled for JavaScript before it runs). As GOV.UK Frontend advises, the policy allows it by
 * its hash: read from the template installed, so an upgrade that changes it keeps working.
 */
export function inlineScriptHash(template: string): string {
  const scripts = [...template.matchAll(/<script\b[^>]*>([^<]*)<\/script>/g)].map((m) => m[1]);
  if (scripts.length !== 1) throw new Error(`Expected one inline script, found ${scripts.length}`);
  return `'sha256-${createHash('sha256').update(scripts[0]).digest('base64')}'`;
}

/**
 * Scripts, styles, fonts and images from this origin only, and the template's own script. Forms
 * lead to this origin, and to the single sign-on provider's when there is one: signing out (a
 * form) is redirected there to end the provider's session too, and browsers hold a form's
 * redirects to `form-action`.
 */
export function siteContentSecurityPolicy(singleSignOnOrigin: string | null = null): string {
  const template = readFileSync(join(govukDirectory(), 'template.njk'), 'utf8');
  return [
    "default-src 'self'",
    `script-src 'self' ${inlineScriptHash(template)}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    singleSignOnOrigin ? `form-action 'self' ${singleSignOnOrigin}` : "form-action 'self'",
  ].join('; ');
}
