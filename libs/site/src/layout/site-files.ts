import { existsSync } from 'fs';
import { dirname, join } from 'path';

/**
 * The repository's folder, found by walking up from here: the server runs from sources in tests
 * and from `dist/` otherwise, and the templates (`libs/site/views`) are not copied into `dist`.
 */
export function repositoryDirectory(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'libs', 'site', 'views', 'layout.njk'))) return dir;
    if (dirname(dir) === dir) throw new Error('The site templates (libs/site/views) are missing');
  }
}

/** The site's own templates. */
export const viewsDirectory = (): string => join(repositoryDirectory(), 'libs', 'site', 'views');

/** The site's own browser files (its script). */
export const siteAssetsDirectory = (): string =>
  join(repositoryDirectory(), 'libs', 'site', 'assets');

/** GOV.UK Frontend's `dist/govuk` folder: templates, Sass, the prebuilt script and assets. */
export function govukDirectory(): string {
  return dirname(require.resolve('govuk-frontend/dist/govuk/govuk-frontend.min.js'));
}

/** Where `npm run build` writes the compiled styles (see styles.ts). */
export const compiledStylesDirectory = (): string => join(repositoryDirectory(), 'dist', 'site');
