import { Injectable } from '@nestjs/common';
import type { ProjectionStatus, StatusOptions } from '@app/event-store';
import { AccountsReadModel } from '@app/accounts';
import { AuditTrailReadModel } from '@app/audit';
import { EvaluationsReadModel } from '@app/evaluations';
import { FundingReadModel } from '@app/funding';
import { RecommendationsReadModel } from '@app/recommendations';
import { RolloutReadModel } from '@app/rollout';

/** Every projection's status (position, lag, lease, last error), for health checks and metrics. */
@Injectable()
export class ProjectionStatuses {
  constructor(
    private readonly recommendations: RecommendationsReadModel,
    private readonly rollout: RolloutReadModel,
    private readonly auditTrail: AuditTrailReadModel,
    private readonly accounts: AccountsReadModel,
    private readonly evaluations: EvaluationsReadModel,
    private readonly funding: FundingReadModel,
  ) {}

  async read(options: StatusOptions = {}): Promise<ProjectionStatus[]> {
    return [
      await this.recommendations.status(options),
      ...(await this.rollout.status(options)),
      await this.auditTrail.status(options),
      await this.accounts.status(options),
      await this.evaluations.status(options),
      await this.funding.status(options),
    ];
  }
}
