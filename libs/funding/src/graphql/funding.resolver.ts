import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, CurrentRequest, RequestContext, Roles } from '@app/access';
import { Actor, Clock } from '@app/kernel';
import { Cost, listOf } from '@app/platform';
import { changeFunding, type FundingRequest } from '../change-funding/funding-requests';
import { formatPence } from '../domain/money';
import { MAY_RECORD_FUNDING } from '../domain/policy';
import { FundingQueries } from '../funding-by-region/funding-queries';
import {
  AllocateGrantInput,
  CorrectGrantAllocationInput,
  WithdrawGrantAllocationInput,
} from './funding.inputs';
import { GrantAllocationModel, RegionFundingModel } from './funding.models';

/** Grants are priced as a thousand: every council's grant for several programmes and years. */
const MOST_ALLOCATIONS = 1000;

/**
 * Grant allocations: published determinations are public, so every role reads them all;
 * recording them is the board's. Every rule is the context's (policy and decider).
 */
@Resolver(() => GrantAllocationModel)
export class FundingResolver {
  constructor(
    private readonly queries: FundingQueries,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Query(() => [GrantAllocationModel], {
    description:
      'Grants in force, by programme, area and period; narrowed by any of the three filters',
  })
  @Cost(listOf(MOST_ALLOCATIONS))
  grantAllocations(
    @Args('programmeId', { type: () => ID, nullable: true }) programmeId: string | null,
    @Args('areaCode', { type: () => ID, nullable: true }) areaCode: string | null,
    @Args('region', { nullable: true, type: () => String, description: 'A region by code or name' })
    region: string | null,
  ): Promise<GrantAllocationModel[]> {
    return this.queries
      .allocations({ programmeId, areaCode, region })
      .then((views) => views.map((view) => ({ ...view, withdrawn: false })));
  }

  @Query(() => [RegionFundingModel], {
    description: "Each of England's regions with its grants summed, in total and by programme",
  })
  @Cost(listOf('regions'))
  async fundingByRegion(
    @Args('programmeId', { type: () => ID, nullable: true }) programmeId: string | null,
  ): Promise<RegionFundingModel[]> {
    const { regions } = await this.queries.byRegion({ programmeId });
    return regions.map((region) => ({
      ...region,
      total: formatPence(region.totalPence),
      programmes: region.programmes.map((programme) => ({
        ...programme,
        total: formatPence(programme.totalPence),
      })),
    }));
  }

  @Mutation(() => GrantAllocationModel, {
    description: 'Record a grant allocated to a local authority',
  })
  @Roles(...MAY_RECORD_FUNDING)
  allocateGrant(
    @Args('input') input: AllocateGrantInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<GrantAllocationModel> {
    return this.send({ kind: 'AllocateGrant', ...input }, actor, request);
  }

  @Mutation(() => GrantAllocationModel, {
    description: 'Correct a grant allocation (reason required): only the details given change',
  })
  @Roles(...MAY_RECORD_FUNDING)
  correctGrantAllocation(
    @Args('input') input: CorrectGrantAllocationInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<GrantAllocationModel> {
    return this.send({ kind: 'CorrectGrantAllocation', ...input }, actor, request);
  }

  @Mutation(() => GrantAllocationModel, {
    description: 'Withdraw a grant allocation recorded in error (reason required)',
  })
  @Roles(...MAY_RECORD_FUNDING)
  withdrawGrantAllocation(
    @Args('input') input: WithdrawGrantAllocationInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<GrantAllocationModel> {
    return this.send({ kind: 'WithdrawGrantAllocation', ...input }, actor, request);
  }

  private async send(
    fundingRequest: FundingRequest,
    actor: Actor,
    request: RequestContext,
  ): Promise<GrantAllocationModel> {
    const change = changeFunding(fundingRequest, actor, request.correlationId, this.clock.now());
    const { state } = await this.commands.execute(change);
    const allocation = state!.allocations.find(
      (candidate) => candidate.allocationId === change.command.allocationId,
    )!;
    return { ...this.queries.viewOf(allocation), withdrawn: allocation.withdrawn };
  }
}
