import { DynamicModule, Global, Module } from '@nestjs/common';
import { BuiltPages } from './built-pages';
import { PageBases, PublicPageInterceptor, StoreHeads } from './public-page';
import { SiteOptions, SiteSettings } from './site-settings';

/** What every part of the site uses: its settings, the store's head, what pages are built from, the public-page interceptor. */
@Global()
@Module({})
export class SiteLayoutModule {
  static forRoot(options: SiteOptions): DynamicModule {
    return {
      module: SiteLayoutModule,
      providers: [
        { provide: SiteSettings, useFactory: () => new SiteSettings(options) },
        StoreHeads,
        PageBases,
        BuiltPages,
        PublicPageInterceptor,
      ],
      exports: [SiteSettings, StoreHeads, PageBases, BuiltPages, PublicPageInterceptor],
    };
  }
}
