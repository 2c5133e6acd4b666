import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { RecommendationsReadModel } from '@app/recommendations';
import { RolloutReadModel } from '@app/rollout';

/** For load balancers and operators: is the store readable, and how far behind are the read models? */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly recommendations: RecommendationsReadModel,
    private readonly rollout: RolloutReadModel,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    try {
      const headPosition = await this.store.headPosition();
      const projections = [await this.recommendations.status(), ...(await this.rollout.status())];
      const healthy = projections.every((projection) => projection.running);
      void reply.status(healthy ? 200 : 503);
      return {
        status: healthy ? 'ok' : 'degraded',
        store: { status: 'ok', headPosition },
        projections,
      };
    } catch (error) {
      void reply.status(503);
      return { status: 'down', store: { status: 'down', error: (error as Error).message } };
    }
  }
}
