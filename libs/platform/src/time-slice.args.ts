import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString } from 'class-validator';
import { TimeSlice, timeSliceOf } from '@app/kernel';

/** The two time axes every time-travelling read accepts (API convention). */
@ArgsType()
export class TimeSliceArgs {
  @Field(() => String, {
    nullable: true,
    description: 'What the system had recorded at this instant (ISO 8601; a date means its end)',
  })
  @IsOptional()
  @IsString()
  asOf?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The world as it stood on this date or instant, as known at asOf',
  })
  @IsOptional()
  @IsString()
  validAt?: string | null;

  toSlice(): TimeSlice {
    return timeSliceOf(this.asOf, this.validAt);
  }
}
