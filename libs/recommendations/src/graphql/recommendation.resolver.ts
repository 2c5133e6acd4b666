import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, CurrentRequest, historyScopeOf, RequestContext, Roles } from '@app/access';
import { Actor, Clock, commandContextOf, CURRENT, notFound, pageSize } from '@app/kernel';
import {
  Cost,
  foldedInTimeSlice,
  HISTORY_LENGTH_PRICE,
  HistoryEntryModel,
  listOf,
  pageOf,
  TIME_SLICE_FOLD_COST,
  TimeSliceArgs,
  toHistoryEntryModel,
} from '@app/platform';
import { AcceptRecommendationInput } from '../accept-recommendation/accept-recommendation.input';
import { FundRecommendationInput } from '../fund-recommendation/fund-recommendation.input';
import { ChangeRecommendation } from '../lifecycle/change-recommendation.command';
import { LifecycleStepInput } from '../lifecycle/lifecycle-step.input';
import { RecommendationFilterInput } from '../list-recommendations/recommendation-filter.input';
import { ProposeRecommendationInput } from '../propose-recommendation/propose-recommendation.input';
import { RecommendationQueries } from '../recommendation-queries/recommendation-queries';
import { RejectRecommendationInput } from '../reject-recommendation/reject-recommendation.input';
import { RollOutRecommendationInput } from '../roll-out-recommendation/roll-out-recommendation.input';
import { StartPilotInput } from '../start-pilot/start-pilot.input';
import { LinkRecommendationsInput } from '../link-recommendations/link-recommendations.input';
import { RecordGovernmentResponseInput } from '../record-government-response/record-government-response.input';
import { WithdrawRecommendationInput } from '../withdraw-recommendation/withdraw-recommendation.input';
import {
  RecommendationConnectionModel,
  RecommendationLinkModel,
  RecommendationModel,
  RecommendationSourceModel,
  StageCountModel,
} from './recommendation.model';
import { MAY_DECIDE_LIFECYCLE } from '../domain/policy';
import { RecommendationState } from '../domain/recommendation.state';
import { Stage } from '../domain/stage';

/** recommendationStageCounts holds one count per stage. */
const STAGES = Object.keys(Stage).length;

/** Reads for every authenticated role; lifecycle steps for the board. No rules here. */
@Resolver(() => RecommendationModel)
export class RecommendationResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: RecommendationQueries,
    private readonly clock: Clock,
  ) {}

  @Query(() => RecommendationModel, {
    description:
      'One recommendation, current as of its last event, or as recorded at asOf about the world on validAt',
  })
  async recommendation(
    @Args('id', { type: () => ID }) id: string,
    @Args() time: TimeSliceArgs,
  ): Promise<RecommendationModel> {
    const timeSlice = time.toSlice();
    const found = await this.queries.recommendation(id, timeSlice);
    if (!found) throw notFound('Recommendation', id);
    return { ...found.state, timeSlice };
  }

  @Query(() => RecommendationConnectionModel)
  @Cost(pageOf)
  async recommendations(
    @Args('filter', { type: () => RecommendationFilterInput, nullable: true })
    filter: RecommendationFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, description: '1 to 100; 20 when left out' })
    first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<RecommendationConnectionModel> {
    const page = await this.queries.list(filter ?? {}, pageSize(first), after);
    return {
      edges: page.items.map((item) => ({ cursor: item.cursor, node: item.state })),
      nodes: page.items.map((item) => item.state),
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    };
  }

  @Query(() => [StageCountModel], {
    description: 'How many recommendations stand at each stage (now, or in a time slice)',
  })
  @Cost(foldedInTimeSlice(TIME_SLICE_FOLD_COST, STAGES))
  recommendationStageCounts(@Args() time: TimeSliceArgs): Promise<StageCountModel[]> {
    return this.queries.stageCounts(time.toSlice());
  }

  @ResolveField(() => [HistoryEntryModel], {
    description: 'Every event of this recommendation, oldest first',
  })
  @Cost(listOf(HISTORY_LENGTH_PRICE))
  async history(
    @Parent() recommendation: RecommendationModel,
    @CurrentActor() reader: Actor,
  ): Promise<HistoryEntryModel[]> {
    const found = await this.queries.recommendation(
      recommendation.id,
      recommendation.timeSlice ?? CURRENT,
    );
    const scope = historyScopeOf(reader);
    // A recommendation's events are national: about no area.
    return (found?.events ?? [])
      .slice(0, recommendation.version)
      .map((event) => toHistoryEntryModel(event, scope, null));
  }

  @ResolveField(() => RecommendationSourceModel, {
    description: 'The source it comes from, by title and link',
  })
  async source(@Parent() recommendation: RecommendationModel): Promise<RecommendationSourceModel> {
    return this.queries.sourceOf(recommendation);
  }

  @ResolveField(() => [RecommendationLinkModel], {
    description: 'Links from other recommendations to this one; otherId names the other',
  })
  @Cost(listOf(HISTORY_LENGTH_PRICE))
  linkedFrom(@Parent() recommendation: RecommendationModel): Promise<RecommendationLinkModel[]> {
    return this.queries.linkedFrom(recommendation.id, recommendation.timeSlice ?? CURRENT);
  }

  @Mutation(() => RecommendationModel)
  @Roles(...MAY_DECIDE_LIFECYCLE)
  proposeRecommendation(
    @Args('input') input: ProposeRecommendationInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<RecommendationState> {
    return this.change(input, actor, request);
  }

  @Mutation(() => RecommendationModel)
  @Roles(...MAY_DECIDE_LIFECYCLE)
  acceptRecommendation(
    @Args('input') input: AcceptRecommendationInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<RecommendationState> {
    return this.change(input, actor, request);
  }

  @Mutation(() => RecommendationModel)
  @Roles(...MAY_DECIDE_LIFECYCLE)
  rejectRecommendation(
    @Args('input') input: RejectRecommendationInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<RecommendationState> {
    return this.change(input, actor, request);
  }

  @Mutation(() => RecommendationModel)
  @Roles(...MAY_DECIDE_LIFECYCLE)
  fundRecommendation(
    @Args('input') input: FundRecommendationInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<RecommendationState> {
    return this.change(input, actor, request);
  }

  @Mutation(() => RecommendationModel)
  @Roles(...MAY_DECIDE_LIFECYCLE)
  startPilot(
    @Args('input') input: StartPilotInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<RecommendationState> {
    return this.change(input, actor, request);
  }

  @Mutation(() => RecommendationModel)
  @Roles(...MAY_DECIDE_LIFECYCLE)
  rollOutRecommendation(
    @Args('input') input: RollOutRecommendationInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<RecommendationState> {
    return this.change(input, actor, request);
  }

  @Mutation(() => RecommendationModel)
  @Roles(...MAY_DECIDE_LIFECYCLE)
  withdrawRecommendation(
    @Args('input') input: WithdrawRecommendationInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<RecommendationState> {
    return this.change(input, actor, request);
  }

  @Mutation(() => RecommendationModel)
  @Roles(...MAY_DECIDE_LIFECYCLE)
  recordGovernmentResponse(
    @Args('input') input: RecordGovernmentResponseInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<RecommendationState> {
    return this.change(input, actor, request);
  }

  @Mutation(() => RecommendationModel)
  @Roles(...MAY_DECIDE_LIFECYCLE)
  linkRecommendations(
    @Args('input') input: LinkRecommendationsInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<RecommendationState> {
    return this.change(input, actor, request);
  }

  private async change(
    input: LifecycleStepInput,
    actor: Actor,
    request: RequestContext,
  ): Promise<RecommendationState> {
    const context = commandContextOf(input, actor, request.correlationId, this.clock.now());
    const result = await this.commands.execute(
      new ChangeRecommendation(input.toCommand(), context),
    );
    if (!result.state) throw notFound('Recommendation', input.id);
    return result.state;
  }
}
