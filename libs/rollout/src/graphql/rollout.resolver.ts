import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, CurrentRequest, RequestContext, Roles } from '@app/access';
import { LocalAuthorityRegister } from '@app/areas';
import { Actor, Clock, commandContextOf, historyScopeOf, notFound, pageSize } from '@app/kernel';
import {
  Cost,
  foldedInTimeSlice,
  listOf,
  pageOf,
  TIME_SLICE_FOLD_COST,
  TimeSliceArgs,
} from '@app/platform';
import { AreaChangeInput } from '../area-change/area-change.input';
import { areaChangeOf, ChangeAreaRollout } from '../area-change/change-area-rollout.command';
import { AreaRolloutTimeline } from '../area-rollout-timeline/area-rollout-timeline';
import { CorrectMilestoneInput } from '../correct-milestone/correct-milestone.input';
import { CreateProgrammeInput } from '../create-programme/create-programme.input';
import { MAY_MANAGE_PROGRAMMES, MAY_REPORT_PROGRESS } from '../domain/policy';
import { EnrolAreaInput } from '../enrol-area/enrol-area.input';
import { MovedTargets } from '../moved-targets/moved-targets';
import { OverdueMilestones } from '../overdue-milestones/overdue-milestones';
import { ChangeProgramme } from '../programme-change/change-programme.command';
import { ProgrammeRollups } from '../programme-rollout/programme-rollups';
import { ReportMilestoneInput } from '../report-milestone/report-milestone.input';
import { ReportStatusInput } from '../report-status/report-status.input';
import { SetMilestoneTargetInput } from '../set-milestone-target/set-milestone-target.input';
import { WithdrawAreaInput } from '../withdraw-area/withdraw-area.input';
import {
  CorrectNationalMilestoneInput,
  CorrectProgrammeFactInput,
  RecordNationalMilestoneInput,
  RecordProgrammeFactInput,
} from '../programme-facts/programme-fact.inputs';
import type { ProgrammeState } from '../domain/programme';
import type { ProgrammeRollup } from '../domain/roll-up';
import {
  AreaProgressModel,
  AreaRolloutModel,
  MovedTargetConnectionModel,
  NationalMilestoneModel,
  OverdueEntryConnectionModel,
  ProgrammeFactModel,
  ProgrammeModel,
  ProgrammeRolloutModel,
} from './rollout.models';
import {
  AreaRolloutAnswer,
  toAreaProgressModel,
  toAreaRolloutModel,
  toOverdueEntryModel,
} from './to-models';

/** A programme's facts have no bound: priced as this many, more than a programme has. */
const FACTS_PRICE = 30;

/** The programme a change answers with: the one its handler folded. */
function answered(programme: ProgrammeState | null, id: string): ProgrammeState {
  if (!programme) throw notFound('Programme', id);
  return programme;
}

/** Programmes and area rollouts: reads for every role; changes by role and, for areas, by area. */
@Resolver(() => ProgrammeModel)
export class RolloutResolver {
  private readonly areaModels = new WeakMap<ProgrammeRollup, AreaProgressModel[]>();

  constructor(
    private readonly commands: CommandBus,
    private readonly rollups: ProgrammeRollups,
    private readonly timelines: AreaRolloutTimeline,
    private readonly overdue: OverdueMilestones,
    private readonly moved: MovedTargets,
    private readonly areas: LocalAuthorityRegister,
    private readonly clock: Clock,
  ) {}

  @Query(() => [ProgrammeModel])
  @Cost(listOf('programmes'))
  programmes(): Promise<ProgrammeModel[]> {
    return this.rollups.programmes();
  }

  @Query(() => ProgrammeModel)
  programme(@Args('id', { type: () => ID }) id: string): Promise<ProgrammeModel> {
    return this.rollups.programme(id);
  }

  @ResolveField(() => ProgrammeRolloutModel, {
    description:
      'Where the programme stands in every area, by region and overall: today, or as recorded at asOf about validAt',
  })
  @Cost(foldedInTimeSlice(TIME_SLICE_FOLD_COST))
  async rollout(
    @Parent() programme: ProgrammeModel,
    @Args() time: TimeSliceArgs,
  ): Promise<ProgrammeRolloutModel> {
    const slice = time.toSlice();
    const rollup = await this.rollups.rollup(programme, slice);
    return {
      ...rollup,
      today: this.rollups.today(slice),
      areas: this.areaModelsOf(rollup),
    };
  }

  @ResolveField(() => [ProgrammeFactModel], {
    description:
      "The programme's own dated facts, oldest first: today, or as recorded at asOf about validAt (only those dated by its day)",
  })
  @Cost(listOf(FACTS_PRICE))
  async facts(
    @Parent() programme: ProgrammeModel,
    @Args() time: TimeSliceArgs,
  ): Promise<ProgrammeFactModel[]> {
    return (await this.rollups.factsIn(programme, time.toSlice())).facts;
  }

  @ResolveField(() => [NationalMilestoneModel], {
    description:
      'The national milestones the programme reached, oldest first: today, or as recorded at asOf about validAt',
  })
  @Cost(listOf('milestones'))
  async nationalMilestones(
    @Parent() programme: ProgrammeModel,
    @Args() time: TimeSliceArgs,
  ): Promise<NationalMilestoneModel[]> {
    return (await this.rollups.factsIn(programme, time.toSlice())).nationalMilestones;
  }

  /** A cached roll-up's areas as the API shows them, mapped once: boards ask far more than areas report. */
  private areaModelsOf(rollup: ProgrammeRollup): AreaProgressModel[] {
    let models = this.areaModels.get(rollup);
    if (!models) this.areaModels.set(rollup, (models = rollup.areas.map(toAreaProgressModel)));
    return models;
  }

  @Query(() => AreaRolloutModel, {
    description: "One area's rollout of a programme, with its timeline",
  })
  async areaRollout(
    @Args('programmeId', { type: () => ID }) programmeId: string,
    @Args('areaCode', { type: () => ID, description: 'ONS GSS code' }) areaCode: string,
    @Args() time: TimeSliceArgs,
  ): Promise<AreaRolloutAnswer> {
    return toAreaRolloutModel(await this.timelines.view(programmeId, areaCode, time.toSlice()));
  }

  @Query(() => OverdueEntryConnectionModel, {
    description: 'Milestones past their target and not achieved, most overdue first',
  })
  @Cost(pageOf)
  async overdueMilestones(
    @Args('programmeId', { type: () => ID, nullable: true }) programmeId: string | null,
    @Args('region', {
      type: () => String,
      nullable: true,
      description: 'Region code (E12000007) or name (London)',
    })
    region: string | null,
    @Args('first', { type: () => Int, nullable: true, description: '1 to 100; 20 when left out' })
    first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<OverdueEntryConnectionModel> {
    const page = await this.overdue.page(
      { programmeId, regionCode: region ? this.areas.regionCodeOf(region) : null },
      pageSize(first),
      after,
    );
    const nodes = page.items.map((item) => toOverdueEntryModel(item.entry));
    return {
      edges: page.items.map((item, index) => ({ cursor: item.cursor, node: nodes[index] })),
      nodes,
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    };
  }

  @Query(() => MovedTargetConnectionModel, {
    description:
      'Milestone targets that moved, most slipped first: nationally, or (with areaCode or region) for areas; as recorded at asOf about validAt',
  })
  @Cost(pageOf)
  async movedTargets(
    @Args('programmeId', { type: () => ID, nullable: true }) programmeId: string | null,
    @Args('areaCode', { type: () => ID, nullable: true, description: 'ONS GSS code' })
    areaCode: string | null,
    @Args('region', {
      type: () => String,
      nullable: true,
      description: 'Region code (E12000007) or name (London)',
    })
    region: string | null,
    @Args('first', { type: () => Int, nullable: true, description: '1 to 100; 20 when left out' })
    first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args() time: TimeSliceArgs,
    @CurrentActor() actor: Actor,
  ): Promise<MovedTargetConnectionModel> {
    const page = await this.moved.page(
      { programmeId, areaCode, regionCode: region ? this.areas.regionCodeOf(region) : null },
      time.toSlice(),
      historyScopeOf(actor),
      pageSize(first),
      after,
    );
    const nodes = page.items.map(({ entry }) => ({ ...entry, timesMoved: entry.moves.length }));
    return {
      edges: page.items.map((item, index) => ({ cursor: item.cursor, node: nodes[index] })),
      nodes,
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    };
  }

  @Mutation(() => ProgrammeModel)
  @Roles(...MAY_MANAGE_PROGRAMMES)
  async createProgramme(
    @Args('input') input: CreateProgrammeInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<ProgrammeModel> {
    const context = commandContextOf(input, actor, request.correlationId, this.clock.now());
    const change = await this.commands.execute(new ChangeProgramme(input.toCommand(), context));
    return answered(change.state, input.id);
  }

  @Mutation(() => ProgrammeModel, {
    description: "Set or move a milestone's target, nationally or (with areaCode) for one area",
  })
  @Roles(...MAY_MANAGE_PROGRAMMES)
  async setMilestoneTarget(
    @Args('input') input: SetMilestoneTargetInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<ProgrammeModel> {
    const { programmeId, milestoneKey, targetDate, areaCode } = input;
    const context = commandContextOf(input, actor, request.correlationId, this.clock.now());
    if (areaCode) {
      // An area's target leaves the programme as the change found it.
      const change = await this.commands.execute(
        new ChangeAreaRollout(
          programmeId,
          areaCode,
          { kind: 'SetAreaTarget', milestoneKey, targetDate },
          context,
        ),
      );
      return answered(change.programme, programmeId);
    }
    const change = await this.commands.execute(
      new ChangeProgramme(
        { kind: 'SetNationalTarget', id: programmeId, milestoneKey, targetDate },
        context,
      ),
    );
    return answered(change.state, programmeId);
  }

  @Mutation(() => ProgrammeModel, { description: 'Record a dated fact about a programme' })
  @Roles(...MAY_MANAGE_PROGRAMMES)
  recordProgrammeFact(
    @Args('input') input: RecordProgrammeFactInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<ProgrammeModel> {
    return this.changeFacts(input, actor, request);
  }

  @Mutation(() => ProgrammeModel, {
    description: "Correct a programme's fact; the original stays in the history",
  })
  @Roles(...MAY_MANAGE_PROGRAMMES)
  correctProgrammeFact(
    @Args('input') input: CorrectProgrammeFactInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<ProgrammeModel> {
    return this.changeFacts(input, actor, request);
  }

  @Mutation(() => ProgrammeModel, {
    description: 'Record a national milestone a programme reached',
  })
  @Roles(...MAY_MANAGE_PROGRAMMES)
  recordNationalMilestone(
    @Args('input') input: RecordNationalMilestoneInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<ProgrammeModel> {
    return this.changeFacts(input, actor, request);
  }

  @Mutation(() => ProgrammeModel, {
    description: 'Correct a national milestone; the original stays in the history',
  })
  @Roles(...MAY_MANAGE_PROGRAMMES)
  correctNationalMilestone(
    @Args('input') input: CorrectNationalMilestoneInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<ProgrammeModel> {
    return this.changeFacts(input, actor, request);
  }

  private async changeFacts(
    input:
      | RecordProgrammeFactInput
      | CorrectProgrammeFactInput
      | RecordNationalMilestoneInput
      | CorrectNationalMilestoneInput,
    actor: Actor,
    request: RequestContext,
  ): Promise<ProgrammeModel> {
    const context = commandContextOf(input, actor, request.correlationId, this.clock.now());
    const change = await this.commands.execute(new ChangeProgramme(input.toCommand(), context));
    return answered(change.state, input.programmeId);
  }

  @Mutation(() => AreaRolloutModel, { description: 'Enrol an area (or select it as a pilot)' })
  @Roles(...MAY_MANAGE_PROGRAMMES)
  enrolArea(
    @Args('input') input: EnrolAreaInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<AreaRolloutAnswer> {
    return this.changeArea(input, actor, request);
  }

  @Mutation(() => AreaRolloutModel, { description: 'Report a milestone achieved in an area' })
  @Roles(...MAY_REPORT_PROGRESS)
  reportMilestone(
    @Args('input') input: ReportMilestoneInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<AreaRolloutAnswer> {
    return this.changeArea(input, actor, request);
  }

  @Mutation(() => AreaRolloutModel, {
    description: "Correct or withdraw a milestone's achievement; the original stays in the history",
  })
  @Roles(...MAY_REPORT_PROGRESS)
  correctMilestone(
    @Args('input') input: CorrectMilestoneInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<AreaRolloutAnswer> {
    return this.changeArea(input, actor, request);
  }

  @Mutation(() => AreaRolloutModel, { description: "Report an area's RAG status for a period" })
  @Roles(...MAY_REPORT_PROGRESS)
  reportStatus(
    @Args('input') input: ReportStatusInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<AreaRolloutAnswer> {
    return this.changeArea(input, actor, request);
  }

  @Mutation(() => AreaRolloutModel, { description: 'Withdraw an area from a programme' })
  @Roles(...MAY_MANAGE_PROGRAMMES)
  withdrawArea(
    @Args('input') input: WithdrawAreaInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<AreaRolloutAnswer> {
    return this.changeArea(input, actor, request);
  }

  private async changeArea(
    input: AreaChangeInput,
    actor: Actor,
    request: RequestContext,
  ): Promise<AreaRolloutAnswer> {
    const change = await this.commands.execute(
      areaChangeOf(input, actor, request.correlationId, this.clock.now()),
    );
    // The state right after this command (or after its first handling, for a retry), as the
    // recommendation mutations answer: a retry is told the version its write got.
    return toAreaRolloutModel(
      this.timelines.afterChange(input.programmeId, input.areaCode, change),
    );
  }
}
