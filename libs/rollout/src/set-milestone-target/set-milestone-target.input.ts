import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, Matches, MaxLength } from 'class-validator';
import { AREA_CODE_PATTERN } from '@app/kernel';
import { CommandEnvelopeInput, DateScalar, IsCalendarDate } from '@app/platform';
import { MILESTONE_KEY_PATTERN, PROGRAMME_ID_PATTERN } from '../area-change/area-change.input';

@InputType({
  description:
    "Set or move a milestone's target date: nationally, or for one area when areaCode is given. The old target stays in the history.",
})
export class SetMilestoneTargetInput extends CommandEnvelopeInput {
  @Field(() => ID)
  @Matches(PROGRAMME_ID_PATTERN, {
    message: 'programmeId must be lower-case letters and digits joined by hyphens',
  })
  @MaxLength(64)
  programmeId!: string;

  @Field()
  @Matches(MILESTONE_KEY_PATTERN, {
    message: 'milestoneKey must be lower-case words joined by hyphens',
  })
  @MaxLength(64)
  milestoneKey!: string;

  @Field(() => DateScalar, { description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  targetDate!: string;

  @Field(() => ID, { nullable: true, description: 'Only for this area (ONS GSS code)' })
  @IsOptional()
  @Matches(AREA_CODE_PATTERN, { message: 'areaCode must be an ONS GSS code such as E09000022' })
  areaCode?: string | null;
}
