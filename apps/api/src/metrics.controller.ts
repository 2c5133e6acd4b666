import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { collectDefaultMetrics } from 'prom-client';
import { Roles } from '@app/access';
import { LiveEvents } from '@app/audit';
import { Role } from '@app/kernel';
import { Metrics } from '@app/platform';
import { ProjectionStatuses } from './projection-statuses';

/**
 * Prometheus metrics at `/metrics`, for ADMIN tokens (Prometheus sends one as its bearer
 * token): on the API's own port, so every replica is scraped where it serves, with the access
 * control the rest of the API has, and no second port to bind and guard.
 */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly projections: ProjectionStatuses,
    private readonly live: LiveEvents,
  ) {
    // Memory, CPU, event loop delay, handles, garbage collection: prom-client's own set.
    collectDefaultMetrics({ register: metrics.registry });
  }

  @Roles(Role.ADMIN)
  @Get()
  @Header('cache-control', 'no-store')
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    // Gauges of state are read when scraped, so they are never stale.
    try {
      for (const { name, lag } of await this.projections.read()) {
        if (lag !== null) this.metrics.projectionLag.set({ projection: name }, lag);
      }
    } catch {
      // The store cannot be read: no lag is known (the health checks say why).
      this.metrics.projectionLag.reset();
    }
    this.metrics.liveSubscriptions.set(this.live.subscribers);
    void reply.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
