import {
  DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountActors, SecurityLog, TokenRegister } from '@app/access';
import { AccountsModule } from '@app/accounts';
import { AreasModule } from '@app/areas';
import { EvaluationsModule } from '@app/evaluations';
import {
  EVENT_STORE,
  EventStore,
  ReadModelDatabase,
  StreamCachingEventStore,
} from '@app/event-store';
import { Clock, FixedClock, SystemClock } from '@app/kernel';
import {
  IMPORT_LIMIT_BYTES,
  LogMailer,
  Mailer,
  Metrics,
  RUN_PROJECTIONS,
  SmtpMailer,
} from '@app/platform';
import { FundingModule } from '@app/funding';
import { RecommendationsModule } from '@app/recommendations';
import { RolloutModule } from '@app/rollout';
import { AuditModule, SEAL_INTERVAL_SECONDS, TamperEvidentEventStore } from '@app/audit';
import { DigestsSent, REMINDER_SETTINGS, RemindersModule } from '@app/reminders';
import { SourcesModule } from '@app/sources';
import { WEBHOOK_SETTINGS, WebhookStore, WebhooksModule } from '@app/webhooks';
import { TrackerConfig } from './config';
import {
  openDigestsSent,
  openEventStore,
  openReadModels,
  openSecurityLog,
  openTokenRegister,
  openWebhookStore,
} from './event-store.factory';

export const TRACKER_CONFIG = Symbol('TRACKER_CONFIG');

/** Closes the stores last, after the projections reading them have stopped. */
class StoreCloser implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModelDatabase,
    private readonly tokens: TokenRegister,
    private readonly securityLog: SecurityLog,
    private readonly mailer: Mailer,
    private readonly webhooks: WebhookStore,
    private readonly digestsSent: DigestsSent,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.readModels.close();
    await this.tokens.close();
    await this.securityLog.close();
    this.mailer.close();
    await this.webhooks.close();
    await this.digestsSent.close();
  }
}

/**
 * Everything but HTTP: the stores, the bounded contexts and their projections. The API serves
 * it over GraphQL; the CLI drives it directly.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: TrackerConfig, options: { runProjections: boolean }): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        CqrsModule.forRoot(),
        AreasModule,
        AccountsModule,
        SourcesModule,
        RecommendationsModule,
        RolloutModule,
        EvaluationsModule,
        AuditModule,
        WebhooksModule,
        RemindersModule,
        FundingModule,
      ],
      providers: [
        { provide: TRACKER_CONFIG, useValue: config },
        { provide: RUN_PROJECTIONS, useValue: options.runProjections },
        // The server seals periodically; the CLI only when asked (tracker seal).
        { provide: SEAL_INTERVAL_SECONDS, useValue: config.sealIntervalSeconds },
        { provide: IMPORT_LIMIT_BYTES, useValue: config.importLimitBytes },
        // One registry per app (see Metrics); the server publishes it at /metrics.
        { provide: Metrics, useFactory: () => new Metrics() },
        {
          provide: EVENT_STORE,
          // EVENT_STORE: SQLite under DATA_DIR, a PostgreSQL schema or EventStoreDB. Tamper
          // evidence over a cache of recently read streams over that adapter (see
          // docs/ARCHITECTURE.md, "Stores"); closing the outer store closes the adapter too.
          useFactory: async (metrics: Metrics) =>
            new TamperEvidentEventStore(
              new StreamCachingEventStore(
                await openEventStore(config, (batch) => metrics.committed(batch)),
              ),
            ),
          inject: [Metrics],
        },
        {
          provide: ReadModelDatabase,
          useFactory: async () => {
            const database = await openReadModels(config);
            // A server moves to read models rebuilt by `tracker rebuild` without stopping.
            if (options.runProjections) database.watch();
            return database;
          },
        },
        // Tokens in PostgreSQL with the read models, so every process on them accepts the same.
        {
          provide: TokenRegister,
          useFactory: (accounts: AccountActors) => openTokenRegister(config, accounts),
          inject: [AccountActors],
        },
        // Beside the tokens: every process's sign-ins, sign-outs and refusals in one log.
        { provide: SecurityLog, useFactory: () => openSecurityLog(config) },
        { provide: Mailer, useFactory: () => mailerOf(config) },
        { provide: WebhookStore, useFactory: () => openWebhookStore(config) },
        { provide: WEBHOOK_SETTINGS, useValue: config.webhooks },
        // Beside the tokens: every process on them sees every digest claimed and sent.
        { provide: DigestsSent, useFactory: () => openDigestsSent(config) },
        {
          provide: REMINDER_SETTINGS,
          useValue: {
            publicUrl: config.site.publicUrl ?? `http://${config.host}:${config.port}`,
            // The server looks for digests due on its schedule; the CLI sends when asked.
            intervalSeconds: options.runProjections ? config.reminders.intervalSeconds : 0,
            claimMs: config.reminders.claimSeconds * 1000,
          },
        },
        {
          provide: Clock,
          useFactory: () => (config.fixedNow ? new FixedClock(config.fixedNow) : new SystemClock()),
        },
        StoreCloser,
      ],
      exports: [
        TRACKER_CONFIG,
        RUN_PROJECTIONS,
        SEAL_INTERVAL_SECONDS,
        IMPORT_LIMIT_BYTES,
        EVENT_STORE,
        ReadModelDatabase,
        TokenRegister,
        SecurityLog,
        Mailer,
        WebhookStore,
        WEBHOOK_SETTINGS,
        DigestsSent,
        REMINDER_SETTINGS,
        Clock,
        Metrics,
        SourcesModule,
        RecommendationsModule,
        RolloutModule,
        EvaluationsModule,
        AuditModule,
        WebhooksModule,
        FundingModule,
      ],
    };
  }
}

/** SMTP when SMTP_URL is set; else the log, so that a development server needs nothing else. */
function mailerOf(config: TrackerConfig): Mailer {
  if (config.mail.smtpUrl) return new SmtpMailer(config.mail.smtpUrl, config.mail.from);
  const logger = new Logger('Mail');
  return new LogMailer({
    warn: (fields: object, message: string) => logger.warn({ ...fields, msg: message }),
  });
}
