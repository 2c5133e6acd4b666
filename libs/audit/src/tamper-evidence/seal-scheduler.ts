import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { RUN_PROJECTIONS } from '@app/platform';
import { AuditSealer } from './audit-sealer';

/** Seconds between two seals written by the server (0: none); from SEAL_INTERVAL_SECONDS. */
export const SEAL_INTERVAL_SECONDS = Symbol('SEAL_INTERVAL_SECONDS');

/**
 * The server seals the audit trail every SEAL_INTERVAL_SECONDS (when anything new was stored),
 * and once more as it stops, before the store closes. The CLI seals only when asked.
 */
@Injectable()
export class SealScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Seals');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sealer: AuditSealer,
    @Inject(SEAL_INTERVAL_SECONDS) private readonly intervalSeconds: number,
    @Inject(RUN_PROJECTIONS) private readonly serving: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.serving || this.intervalSeconds <= 0) return;
    this.timer = setInterval(() => void this.sealNow(), this.intervalSeconds * 1000);
    this.timer.unref();
    try {
      await this.sealer.prime();
    } catch (error) {
      this.logger.error({ msg: 'cannot read the seals', error: (error as Error).message });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    await this.sealNow();
  }

  private async sealNow(): Promise<void> {
    try {
      const { created, seal } = await this.sealer.seal();
      if (created && seal) {
        this.logger.log({
          msg: 'audit trail sealed',
          hash: seal.hash,
          position: seal.position,
          sealedUpTo: seal.sealedUpTo,
          streamsChanged: seal.streamsChanged,
        });
      }
    } catch (error) {
      this.logger.error({ msg: 'sealing failed', error: (error as Error).message });
    }
  }
}
