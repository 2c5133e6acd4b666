import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DigestSender } from './digest-sender';
import { REMINDER_SETTINGS, type ReminderSettings } from './reminder-settings';

/**
 * The server looks for digests due every REMINDERS_INTERVAL_SECONDS (the CLI never: it sends
 * when asked). Every API process may look: the record of digests lets one send each. A run
 * that is under way when the server stops finishes the person it is on, then stops.
 */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly sender: DigestSender,
    @Inject(REMINDER_SETTINGS) private readonly settings: ReminderSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.intervalSeconds > 0) this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One run after another, never two at once: the next is set when one ends. */
  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => {
        this.running = null;
        if (!this.stopping) this.schedule();
      });
    }, this.settings.intervalSeconds * 1000);
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    try {
      const outcomes = await this.sender.run({ stopping: () => this.stopping });
      const sent = outcomes.filter((outcome) => outcome.outcome === 'SENT').length;
      const failed = outcomes.filter((outcome) => outcome.outcome === 'FAILED').length;
      if (sent || failed) this.logger.log({ msg: 'digests sent', sent, failed });
    } catch (error) {
      this.logger.error({ msg: 'digests not sent', error: (error as Error).message });
    }
  }
}
