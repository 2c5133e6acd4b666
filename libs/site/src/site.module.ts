import { DynamicModule, Module } from '@nestjs/common';
import { AccountPagesModule } from './account/account-pages.module';
import { AdminPagesModule } from './admin/admin-pages.module';
import { FeedsModule } from './feeds/feeds.module';
import { FundingPagesModule } from './funding/funding-pages.module';
import { HistoryPagesModule } from './history/history-pages.module';
import { HomePagesModule } from './home/home-pages.module';
import { SiteLayoutModule } from './layout/site-layout.module';
import { SiteOptions } from './layout/site-settings';
import { OverviewPagesModule } from './overview/overview-pages.module';
import { OpenDataPagesModule } from './open-data/open-data-pages.module';
import { ProgrammePagesModule } from './programmes/programme-pages.module';
import { RegisterPagesModule } from './register/register-pages.module';
import { ReminderPagesModule } from './reminders/reminder-pages.module';
import { ReportPagesModule } from './report/report-pages.module';
import { SignedInPagesModule } from './signed-in/signed-in-pages.module';
import { SourcePagesModule } from './sources/source-pages.module';
import { WebhookPagesModule } from './webhooks/webhook-pages.module';

/**
 * The public site, rendered on the server with GOV.UK Frontend. Each part is a module of its
 * own; `registerSite` (layout/view-engine.ts) sets up the templates and assets on Fastify.
 */
@Module({})
export class SiteModule {
  static forRoot(options: SiteOptions): DynamicModule {
    return {
      module: SiteModule,
      imports: [
        SiteLayoutModule.forRoot(options),
        HomePagesModule,
        RegisterPagesModule,
        SourcePagesModule,
        ProgrammePagesModule,
        FundingPagesModule,
        OpenDataPagesModule,
        FeedsModule,
        SignedInPagesModule,
        OverviewPagesModule,
        HistoryPagesModule,
        ReportPagesModule,
        ReminderPagesModule,
        WebhookPagesModule,
        AdminPagesModule,
        AccountPagesModule,
      ],
    };
  }
}
