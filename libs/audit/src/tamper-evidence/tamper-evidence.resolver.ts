import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentRequest, READ_ALL_ROLES, RequestContext, Roles } from '@app/access';
import { Cost, costing, QUERY_COST_LIMIT } from '@app/platform';
import { AuditTrailVerifier } from './audit-trail-verifier';
import { AuditVerificationModel, type AuditProblemKindModel } from './audit-verification.model';

/** Verification of the store's tamper evidence, for auditors (and the board and admins). */
@Resolver(() => AuditVerificationModel)
export class TamperEvidenceResolver {
  constructor(private readonly verifier: AuditTrailVerifier) {}

  @Query(() => AuditVerificationModel, {
    description:
      "Checks every event's hash chain and every seal, as `tracker verify` does; reads the whole store (one verification at a time: others wait)",
  })
  @Roles(...READ_ALL_ROLES)
  // It reads every event: priced at half the limit, so that a request holds one at most.
  @Cost(costing(QUERY_COST_LIMIT / 2))
  async verifyAuditTrail(
    @Args('expectSeals', {
      type: () => [String],
      nullable: true,
      description: 'Seal hashes published outside the store: each must be in it, intact',
    })
    expectSeals: string[] | null,
    @CurrentRequest() request: RequestContext,
  ): Promise<AuditVerificationModel> {
    const report = await this.verifier.verify(
      { expectSeals: expectSeals ?? [] },
      request.clientGone,
    );
    return {
      ...report,
      problems: report.problems.map((problem) => ({
        ...problem,
        kind: problem.kind as AuditProblemKindModel,
      })),
    };
  }
}
