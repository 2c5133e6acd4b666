import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { CHANGES_FEED } from '../feeds/atom-feed';
import { assetUrl, SiteAsset, siteAssets } from './assets';
import { siteContentSecurityPolicy } from './content-security-policy';
import { filesUnder, viewsDirectory } from './site-files';

/** How the site is deployed (TrackerConfig.site). */
export interface SiteOptions {
  /** Where the public reaches the site, for canonical links; else the request's host. */
  publicUrl: string | null;
  /** GOV.UK's "GDS Transport" typeface, for a gov.uk deployment only. */
  transportFont: boolean;
  /** Whom people refused at sign-in should write to, if set. */
  supportEmail: string | null;
  /** The single sign-on provider's origin, where signing out may lead; null without one. */
  singleSignOnOrigin: string | null;
}

/** What every page shares, fixed at start-up. */
export class SiteSettings {
  readonly assets: Map<string, SiteAsset>;
  readonly contentSecurityPolicy: string;
  /** Changes with the templates and the assets, so that a new site is not answered 304. */
  readonly version: string;

  constructor(readonly options: SiteOptions) {
    this.contentSecurityPolicy = siteContentSecurityPolicy(options.singleSignOnOrigin);
    this.assets = siteAssets(options.transportFont ? 'transport' : 'system');
    const digest = createHash('sha256');
    for (const file of filesUnder(viewsDirectory())) digest.update(readFileSync(file));
    for (const asset of this.assets.values()) digest.update(asset.etag);
    this.version = digest.digest('base64url').slice(0, 16);
  }

  /** What every template may use: the asset URLs with their fingerprints, the tracker's feed. */
  get templateGlobals(): Record<string, unknown> {
    return {
      changesFeed: CHANGES_FEED,
      assetPath: '/assets/site',
      stylesUrl: assetUrl(this.assets, 'govuk-frontend.css'),
      scriptUrl: assetUrl(this.assets, 'site.js'),
    };
  }

  /** A page's absolute URL, for its canonical link and the sitemap. */
  absoluteUrl(request: { protocol: string; host: string }, path: string): string {
    return `${this.options.publicUrl ?? `${request.protocol}://${request.host}`}${path}`;
  }
}
