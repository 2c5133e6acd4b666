import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { LiveEvents } from '@app/audit';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { RUN_PROJECTIONS } from '@app/platform';
import { WEBHOOK_STREAM_PREFIX } from '../domain/webhook';
import { type DeliveryLease, WebhookStore } from '../store/webhook-store';
import { WebhookRegister } from '../webhook-register';
import { WEBHOOK_SETTINGS, type WebhookSettingsConfig } from '../webhook-settings';
import { EndpointWorker } from './endpoint-worker';

/** A process without the lease tries again after this. */
const LEASE_RETRY_MS = 1000;

/**
 * Runs one worker per registered endpoint in the process holding the delivery lease (the only
 * process on SQLite; one of them on PostgreSQL, another taking over within a second of its
 * end). Workers are woken by every new event the process hears of, and look again every few
 * seconds regardless. Deliveries run beside requests, never in their way; they stop first at
 * shutdown, before the stores close.
 */
@Injectable()
export class WebhookDeliverer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private readonly workers = new Map<string, EndpointWorker>();
  private running = false;
  private leading: Promise<void> | null = null;
  /** Waits that end at once when the process stops. */
  private readonly waits = new Set<() => void>();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly webhooks: WebhookStore,
    private readonly register: WebhookRegister,
    private readonly live: LiveEvents,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettingsConfig,
    @Inject(RUN_PROJECTIONS) private readonly serving: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.serving) return;
    this.running = true;
    this.leading = this.lead();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    for (const wait of this.waits) wait();
    await this.leading;
  }

  private async lead(): Promise<void> {
    while (this.running) {
      const lease = await this.webhooks.lease();
      if (lease) {
        try {
          await this.deliverWhileHeld(lease);
        } catch (error) {
          this.logger.error({ msg: 'webhook delivery stopped', error: (error as Error).message });
        } finally {
          await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
          this.workers.clear();
          await lease.release();
        }
      }
      if (this.running) await this.until(LEASE_RETRY_MS);
    }
  }

  /** Delivers until the process stops or the lease is lost. */
  private async deliverWhileHeld(lease: DeliveryLease): Promise<void> {
    const news = this.live.listen(() => true, undefined, { ownUse: true });
    const stop = (): void => void news.return?.();
    this.waits.add(stop);
    void lease.lost.then(stop);
    if (!this.running) stop(); // stopped while the lease was being taken
    try {
      await this.refresh();
      for await (const event of news) {
        if (event.streamId.startsWith(WEBHOOK_STREAM_PREFIX)) await this.refresh();
        for (const worker of this.workers.values()) worker.wake();
      }
    } finally {
      this.waits.delete(stop);
    }
  }

  /** Starts a worker per endpoint registered, gives changed settings, stops removed ones. */
  private async refresh(): Promise<void> {
    for (const registered of await this.register.all()) {
      const { id, removed } = registered.webhook;
      const worker = this.workers.get(id);
      if (removed) {
        this.workers.delete(id);
        await worker?.stop();
      } else if (worker) {
        worker.update(registered);
      } else {
        this.workers.set(
          id,
          new EndpointWorker(registered, {
            events: this.events,
            webhooks: this.webhooks,
            retryBaseMs: this.settings.retryBaseMs,
            loopbackAllowed: this.settings.loopbackAllowed,
            logger: this.logger,
          }),
        );
      }
    }
  }

  /** Resolves after `ms`, or at once when the process stops. */
  private until(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const end = (): void => {
        clearTimeout(timer);
        this.waits.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.waits.add(end);
    });
  }
}
