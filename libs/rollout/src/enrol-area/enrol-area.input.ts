import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional } from 'class-validator';
import { DateScalar, IsCalendarDate, IsText } from '@app/platform';
import { AreaChangeInput } from '../area-change/area-change.input';
import type { AreaRolloutCommand } from '../domain/area-rollout';

@InputType()
export class EnrolAreaInput extends AreaChangeInput {
  @Field(() => DateScalar, { nullable: true, description: 'YYYY-MM-DD; defaults to today' })
  @IsOptional()
  @IsCalendarDate()
  enrolledOn?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Selected for a pilot or pathfinder' })
  @IsOptional()
  @IsBoolean()
  pilot?: boolean | null;

  @Field(() => String, { nullable: true, description: 'The pilot wave, e.g. "1"' })
  @IsOptional()
  @IsText({ maxLength: 40 })
  wave?: string | null;

  toCommand(today: string): AreaRolloutCommand {
    return {
      kind: 'EnrolArea',
      enrolledOn: this.enrolledOn ?? today,
      pilot: this.pilot ?? false,
      wave: this.wave?.trim() || null,
    };
  }
}
