import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/access';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { RecommendationsReadModel } from '@app/recommendations';
import { RolloutReadModel } from '@app/rollout';
import { AuditTrailReadModel, LiveEvents } from '@app/audit';
import type { TrackerConfig } from './config';
import { TRACKER_CONFIG } from './core.module';

/** For load balancers and operators: is the store readable, and how far behind are the read models? */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TRACKER_CONFIG) private readonly config: TrackerConfig,
    private readonly recommendations: RecommendationsReadModel,
    private readonly rollout: RolloutReadModel,
    private readonly auditTrail: AuditTrailReadModel,
    private readonly live: LiveEvents,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    const kind = this.config.eventStore.kind;
    try {
      const headPosition = await this.store.headPosition();
      const projections = [
        await this.recommendations.status(),
        ...(await this.rollout.status()),
        await this.auditTrail.status(),
      ];
      const healthy = projections.every((projection) => projection.running);
      void reply.status(healthy ? 200 : 503);
      return {
        status: healthy ? 'ok' : 'degraded',
        store: { status: 'ok', kind, headPosition },
        projections,
        liveSubscribers: this.live.subscribers,
      };
    } catch (error) {
      void reply.status(503);
      return {
        status: 'down',
        store: { status: 'down', kind, error: (error as Error).message },
      };
    }
  }
}
