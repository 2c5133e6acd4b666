import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, Matches, MaxLength } from 'class-validator';
import { InvalidInputError } from '@app/kernel';
import { DateScalar, IsCalendarDate } from '@app/platform';
import { AreaChangeInput, MILESTONE_KEY_PATTERN } from '../area-change/area-change.input';
import type { AreaRolloutCommand } from '../domain/area-rollout';

@InputType({
  description:
    'Correct the date a milestone was achieved, or withdraw the achievement (withdraw: true); a reason is required and the original stays in the history',
})
export class CorrectMilestoneInput extends AreaChangeInput {
  @Field()
  @Matches(MILESTONE_KEY_PATTERN, {
    message: 'milestoneKey must be lower-case words joined by hyphens',
  })
  @MaxLength(64)
  milestoneKey!: string;

  @Field(() => DateScalar, { nullable: true, description: 'The corrected date (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  achievedOn?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'The milestone was not in fact achieved' })
  @IsOptional()
  @IsBoolean()
  withdraw?: boolean | null;

  toCommand(): AreaRolloutCommand {
    const withdraw = this.withdraw ?? false;
    if (withdraw === Boolean(this.achievedOn)) {
      throw new InvalidInputError(
        'achievedOn',
        'eitherDateOrWithdraw',
        'Give either the corrected achievedOn or withdraw: true, not both or neither',
      );
    }
    return {
      kind: 'CorrectMilestone',
      milestoneKey: this.milestoneKey,
      achievedOn: withdraw ? null : this.achievedOn!,
    };
  }
}
