import { Args, Query, Resolver } from '@nestjs/graphql';
import { READ_ALL_ROLES, Roles } from '@app/access';
import { AuditTrailVerifier } from './audit-trail-verifier';
import { AuditVerificationModel, type AuditProblemKindModel } from './audit-verification.model';

/** Verification of the store's tamper evidence, for auditors (and the board and admins). */
@Resolver(() => AuditVerificationModel)
export class TamperEvidenceResolver {
  constructor(private readonly verifier: AuditTrailVerifier) {}

  @Query(() => AuditVerificationModel, {
    description:
      "Checks every event's hash chain and every seal, as `tracker verify` does; reads the whole store",
  })
  @Roles(...READ_ALL_ROLES)
  async verifyAuditTrail(
    @Args('expectSeals', {
      type: () => [String],
      nullable: true,
      description: 'Seal hashes published outside the store: each must be in it, intact',
    })
    expectSeals: string[] | null,
  ): Promise<AuditVerificationModel> {
    const report = await this.verifier.verify({ expectSeals: expectSeals ?? [] });
    return {
      ...report,
      problems: report.problems.map((problem) => ({
        ...problem,
        kind: problem.kind as AuditProblemKindModel,
      })),
    };
  }
}
