import { Field, ID, InputType } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { AREA_CODE_PATTERN } from '@app/kernel';
import { AreaCodes, CommandEnvelopeInput, DateScalar, IsCalendarDate } from '@app/platform';

@InputType()
export class RecordAreaSuccessionInput extends CommandEnvelopeInput {
  @Field(() => ID, { description: 'ONS GSS code of the area replaced' })
  @Matches(AREA_CODE_PATTERN, { message: 'areaCode must be an ONS GSS code such as E10000006' })
  areaCode!: string;

  @Field(() => [ID], { description: 'ONS GSS codes of the areas that take over its duties' })
  @AreaCodes()
  successors!: string[];

  @Field(() => DateScalar, { description: 'First day the successors are responsible (YYYY-MM-DD)' })
  @IsCalendarDate()
  effectiveFrom!: string;
}
