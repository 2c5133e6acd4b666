import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  Cost,
  DateScalar,
  DateTimeScalar,
  HISTORY_LENGTH_PRICE,
  HistoryEntryModel,
  inPage,
  listOf,
  PageInfoModel,
} from '@app/platform';
import { Rag } from '../domain/area-rollout';
import {
  DatePrecision,
  type NationalMilestone,
  type ProgrammeFact,
} from '../domain/programme-facts';
import { AreaStage } from '../domain/roll-up';

registerEnumType(AreaStage, {
  name: 'AreaStage',
  description: "Where an area stands in a programme: by the programme's milestones achieved",
});

registerEnumType(DatePrecision, {
  name: 'DatePrecision',
  description:
    'How exactly a date is known: a source that gives only the month (or year) is dated its 1st',
});

@ObjectType('ProgrammeFact', { description: 'A dated fact about a programme, with its evidence' })
export class ProgrammeFactModel {
  @Field(() => Int, {
    description: "Its number among the programme's facts: what a correction names",
  })
  number!: number;
  @Field(() => DateScalar) on!: string;
  @Field(() => DatePrecision) precision!: DatePrecision;
  @Field() text!: string;
  @Field({ description: 'Where it was read' }) url!: string;
}

@ObjectType('NationalMilestone', {
  description: 'A milestone the programme reached nationally (not a step each area goes through)',
})
export class NationalMilestoneModel {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => DateScalar) on!: string;
  @Field(() => DatePrecision) precision!: DatePrecision;
  @Field({ description: 'Where it was read' }) url!: string;
}

@ObjectType('Milestone')
export class MilestoneModel {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'National target date' })
  targetDate!: string | null;
}

@ObjectType('MilestoneProgress')
export class MilestoneProgressModel {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => DateScalar, {
    nullable: true,
    description: "The area's target, else the national one",
  })
  targetDate!: string | null;
  @Field(() => DateScalar, { nullable: true }) achievedOn!: string | null;
  @Field() overdue!: boolean;
}

@ObjectType('LastMilestone')
export class LastMilestoneModel {
  @Field() key!: string;
  @Field(() => DateScalar) achievedOn!: string;
}

@ObjectType('StatusReport')
export class StatusReportModel {
  @Field(() => Rag) rag!: Rag;
  @Field() commentary!: string;
  @Field({ description: 'The period covered, as an ISO 8601 interval: 2024-04-01/2024-06-30' })
  period!: string;
  @Field(() => DateScalar) periodStart!: string;
  @Field(() => DateScalar) periodEnd!: string;
}

@ObjectType('OverdueMilestone')
export class OverdueMilestoneModel {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => DateScalar) targetDate!: string;
  @Field(() => Int) daysOverdue!: number;
}

@ObjectType('AreaProgress', { description: "One area's progress through a programme" })
export class AreaProgressModel {
  @Field(() => ID, { description: 'ONS GSS code' }) areaCode!: string;
  @Field() areaName!: string;
  @Field({ description: 'Region name' }) region!: string;
  @Field(() => ID) regionCode!: string;
  @Field() regionName!: string;
  @Field(() => AreaStage) stage!: AreaStage;
  @Field() pilot!: boolean;
  @Field(() => String, { nullable: true }) wave!: string | null;
  @Field(() => DateScalar) enrolledOn!: string;
  @Field(() => DateScalar, { nullable: true }) withdrawnOn!: string | null;
  @Field(() => [MilestoneProgressModel])
  @Cost(listOf('milestones'))
  milestones!: MilestoneProgressModel[];
  @Field(() => Int) milestonesAchieved!: number;
  @Field(() => LastMilestoneModel, { nullable: true }) lastMilestone!: LastMilestoneModel | null;
  @Field(() => StatusReportModel, { nullable: true }) status!: StatusReportModel | null;
  @Field(() => [OverdueMilestoneModel])
  @Cost(listOf('milestones'))
  overdue!: OverdueMilestoneModel[];
  @Field(() => [ID], {
    description: 'Former areas whose rollout this area carries since their succession',
  })
  inheritedFrom!: string[];
}

@ObjectType('RegionProgress')
export class RegionProgressModel {
  @Field(() => ID) regionCode!: string;
  @Field() regionName!: string;
  @Field(() => Int, { description: 'Local authorities in the region' }) totalAreas!: number;
  @Field(() => Int, { description: 'Areas enrolled and not withdrawn' }) enrolled!: number;
  @Field(() => Int) milestonesAchieved!: number;
  @Field(() => Int, { description: 'Milestones past their target and not achieved' })
  overdue!: number;
}

@ObjectType('Coverage')
export class CoverageModel {
  @Field(() => Int, { description: 'Areas enrolled and not withdrawn' }) enrolled!: number;
  @Field(() => Int, { description: "England's local authorities" }) totalAreas!: number;
  @Field(() => Int, { description: 'Enrolled areas that achieved every milestone' })
  completedAreas!: number;
  @Field(() => Float, {
    description: "Share of the enrolled areas' milestones achieved, in percent (one decimal)",
  })
  percentComplete!: number;
}

@ObjectType('ProgrammeRollout')
export class ProgrammeRolloutModel {
  @Field(() => DateScalar, { description: 'The date overdue milestones are counted on' })
  today!: string;
  @Field(() => [AreaProgressModel])
  @Cost(listOf('areas'))
  areas!: AreaProgressModel[];
  @Field(() => [RegionProgressModel])
  @Cost(listOf('regions'))
  byRegion!: RegionProgressModel[];
  @Field(() => CoverageModel) coverage!: CoverageModel;
}

@ObjectType('Programme')
export class ProgrammeModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => [ID], { description: 'Ids of the recommendations it delivers' })
  recommendations!: string[];
  @Field(() => [MilestoneModel], { description: 'In the order areas reach them' })
  @Cost(listOf('milestones'))
  milestones!: MilestoneModel[];
  @Field(() => Int, { description: "Version of the programme's stream (for expectedVersion)" })
  version!: number;
  @Field(() => DateTimeScalar) createdAt!: string;
  /** Resolved with a time slice (RolloutResolver): facts dated after its day do not count. */
  facts!: ProgrammeFact[];
  nationalMilestones!: NationalMilestone[];
}

@ObjectType('AreaRollout', { description: "One area's rollout of a programme, with its timeline" })
export class AreaRolloutModel extends AreaProgressModel {
  @Field(() => ID) programmeId!: string;
  @Field(() => Int, {
    description: "Version of the area's own stream: pass it as expectedVersion to guard a change",
  })
  version!: number;
  @Field(() => [ID], { description: 'Successors, once the area was replaced' })
  replacedBy!: string[];
  @Field(() => DateScalar, { nullable: true }) replacedOn!: string | null;
  @Field(() => [HistoryEntryModel], {
    description: 'Every event of its rollout (and of former areas it carries), oldest first',
  })
  @Cost(listOf(HISTORY_LENGTH_PRICE))
  timeline!: HistoryEntryModel[];
}

@ObjectType('OverdueEntry', { description: 'A milestone past its target in one area' })
export class OverdueEntryModel extends OverdueMilestoneModel {
  @Field(() => ID) programmeId!: string;
  @Field() programmeName!: string;
  @Field(() => ID, { description: 'ONS GSS code' }) areaCode!: string;
  @Field() areaName!: string;
  @Field(() => ID) regionCode!: string;
  @Field() regionName!: string;
}

@ObjectType('OverdueEntryEdge')
export class OverdueEntryEdgeModel {
  @Field({ description: 'Opaque: pass it as after to read on from this entry' }) cursor!: string;
  @Field(() => OverdueEntryModel) node!: OverdueEntryModel;
}

@ObjectType('OverdueEntryConnection')
export class OverdueEntryConnectionModel {
  @Field(() => [OverdueEntryEdgeModel]) @Cost(inPage) edges!: OverdueEntryEdgeModel[];
  @Field(() => [OverdueEntryModel]) @Cost(inPage) nodes!: OverdueEntryModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
  @Field(() => Int) totalCount!: number;
}

@ObjectType('TargetMove', { description: "One move of a milestone's target date" })
export class TargetMoveModel {
  @Field(() => DateScalar, { description: 'When the target was moved (business date)' })
  movedOn!: string;
  @Field(() => DateTimeScalar) recordedAt!: string;
  @Field(() => DateScalar) from!: string;
  @Field(() => DateScalar) to!: string;
  @Field(() => Int, { description: 'Days later (negative: brought forward)' }) days!: number;
  @Field(() => String, {
    nullable: true,
    description: "The move's reason; null where the reader does not see why (an other area's)",
  })
  reason!: string | null;
}

@ObjectType('MovedTarget', {
  description: "A milestone's target that moved, nationally or for one area",
})
export class MovedTargetModel {
  @Field(() => ID) programmeId!: string;
  @Field() programmeName!: string;
  @Field(() => ID, { nullable: true, description: 'ONS GSS code; null: the national target' })
  areaCode!: string | null;
  @Field(() => String, { nullable: true }) areaName!: string | null;
  @Field(() => String, { nullable: true }) regionName!: string | null;
  @Field() milestoneKey!: string;
  @Field() milestoneTitle!: string;
  @Field(() => DateScalar) originalTarget!: string;
  @Field(() => DateScalar) currentTarget!: string;
  @Field(() => Int) timesMoved!: number;
  @Field(() => Int, {
    description: 'Days from the original target to the current one (negative: brought forward)',
  })
  daysSlipped!: number;
  @Field(() => [TargetMoveModel]) moves!: TargetMoveModel[];
}

@ObjectType('MovedTargetEdge')
export class MovedTargetEdgeModel {
  @Field({ description: 'Opaque: pass it as after to read on from this entry' }) cursor!: string;
  @Field(() => MovedTargetModel) node!: MovedTargetModel;
}

@ObjectType('MovedTargetConnection')
export class MovedTargetConnectionModel {
  @Field(() => [MovedTargetEdgeModel]) @Cost(inPage) edges!: MovedTargetEdgeModel[];
  @Field(() => [MovedTargetModel]) @Cost(inPage) nodes!: MovedTargetModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
  @Field(() => Int) totalCount!: number;
}
