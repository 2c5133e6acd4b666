import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { compileString } from 'sass';
import { compiledStylesDirectory, govukDirectory, siteAssetsDirectory } from './site-files';

/**
 * GOV.UK Frontend's styles, compiled from its Sass with the site's settings. "GDS Transport"
 * may be used on gov.uk domains only: the default is a system font stack, without GOV.UK's
 * font faces; the `transport` variant is GOV.UK's own typeface, for a gov.uk deployment.
 */
export type FontVariant = 'system' | 'transport';
export const FONT_VARIANTS: readonly FontVariant[] = ['system', 'transport'];

/** Where the styles find GOV.UK's images and fonts (served by assets.ts). */
export const SITE_ASSETS_PATH = '/assets/site/';

const SYSTEM_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

const settingsOf = (variant: FontVariant): string =>
  [
    `$govuk-assets-path: "${SITE_ASSETS_PATH}"`,
    ...(variant === 'system'
      ? [`$govuk-font-family: (${SYSTEM_FONTS})`, '$govuk-include-default-font-face: false']
      : []),
  ].join(', ');

/** Compiles GOV.UK Frontend's Sass and the site's own (`assets/site.scss`) for one variant. */
export function compileStyles(variant: FontVariant): string {
  const source = `@use "govuk" with (${settingsOf(variant)});\n@use "site";\n`;
  return compileString(source, {
    loadPaths: [dirname(govukDirectory()), siteAssetsDirectory()],
    style: 'compressed',
    quietDeps: true,
  }).css;
}

export const compiledStylesFile = (variant: FontVariant): string =>
  join(compiledStylesDirectory(), `govuk-frontend-${variant}.css`);

/** The styles `npm run build` compiled; compiled now when there are none (specs run from sources). */
export function siteStyles(variant: FontVariant): string {
  const file = compiledStylesFile(variant);
  return existsSync(file) ? readFileSync(file, 'utf8') : compileStyles(variant);
}

/** `npm run build` writes both variants, so that a start compiles nothing. */
export function writeStyles(): void {
  mkdirSync(compiledStylesDirectory(), { recursive: true });
  for (const variant of FONT_VARIANTS)
    writeFileSync(compiledStylesFile(variant), compileStyles(variant));
}

if (require.main === module) writeStyles();
