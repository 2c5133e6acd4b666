import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, Matches, MaxLength } from 'class-validator';
import { DateScalar, IsCalendarDate, IsText } from '@app/platform';
import { AreaChangeInput, MILESTONE_KEY_PATTERN } from '../area-change/area-change.input';
import type { AreaRolloutCommand } from '../domain/area-rollout';

@InputType()
export class ReportMilestoneInput extends AreaChangeInput {
  @Field({ description: "One of the programme's milestone keys" })
  @Matches(MILESTONE_KEY_PATTERN, {
    message: 'milestoneKey must be lower-case words joined by hyphens',
  })
  @MaxLength(64)
  milestoneKey!: string;

  @Field(() => DateScalar, { description: 'When it was achieved (YYYY-MM-DD), not in the future' })
  @IsCalendarDate()
  achievedOn!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: 4000, multiline: true })
  note?: string | null;

  toCommand(): AreaRolloutCommand {
    return {
      kind: 'ReportMilestone',
      milestoneKey: this.milestoneKey,
      achievedOn: this.achievedOn,
      note: this.note?.trim() || null,
    };
  }
}
