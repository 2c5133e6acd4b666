import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public, Roles } from '@app/access';
import { EVENT_STORE, EventStore, ProjectionStatus, StatusOptions } from '@app/event-store';
import { Role } from '@app/kernel';
import { LiveEvents } from '@app/audit';
import { TRACKER_CONFIG, type TrackerConfig } from '@app/core';
import { LogOutput } from './log-output';
import { ProjectionStatuses } from './projection-statuses';

interface Check {
  healthy: boolean;
  headPosition?: number;
  projections?: ProjectionStatus[];
  /** The store or a read model could not be read at all. */
  error?: string;
}

/**
 * For orchestrators and load balancers, open to anyone and saying only yes (200) or no (503):
 * `/health/live`, the process answers (restart it if not); `/health/ready`, it can serve: the
 * store is readable and every projection runs without error, so not once a shutdown has stopped
 * them (send it no traffic if not). `/health` is readiness under its older name. For operators:
 * `/health/detail`, for admins, says why: the store, each projection's lag, lease and last
 * error, the live subscribers and the log lines dropped. Errors name tables and queries, which
 * are no one else's business.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TRACKER_CONFIG) private readonly config: TrackerConfig,
    private readonly projections: ProjectionStatuses,
    private readonly live: LiveEvents,
    private readonly logs: LogOutput,
  ) {}

  @Public()
  @Get('live')
  alive(): object {
    return { status: 'ok' };
  }

  @Public()
  @Get(['', 'ready'])
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    const ready = (await this.check({ lag: false })).healthy;
    void reply.status(ready ? 200 : 503);
    return { status: ready ? 'ok' : 'unavailable' };
  }

  @Roles(Role.ADMIN)
  @Get('detail')
  async detail(@Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    const check = await this.check();
    const kind = this.config.eventStore.kind;
    void reply.status(check.healthy ? 200 : 503);
    if (check.error !== undefined) {
      return { status: 'down', store: { status: 'down', kind, error: check.error } };
    }
    return {
      status: check.healthy ? 'ok' : 'degraded',
      store: { status: 'ok', kind, headPosition: check.headPosition },
      projections: check.projections,
      liveSubscribers: this.live.subscribers,
      // Lines the log reader did not take (too slow, or gone): logs lost, not the service.
      droppedLogLines: this.logs.droppedLines,
    };
  }

  /** Is the store readable, and is every projection running (or standing by) without error? */
  private async check(options: StatusOptions = {}): Promise<Check> {
    try {
      const headPosition = await this.store.headPosition();
      const projections = await this.projections.read(options);
      const healthy = projections.every((projection) => projection.running);
      return { healthy, headPosition, projections };
    } catch (error) {
      return { healthy: false, error: (error as Error).message };
    }
  }
}
