import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import { DateScalar, IsCalendarDate, IsText } from '@app/platform';
import { AreaChangeInput } from '../area-change/area-change.input';
import { AreaRolloutCommand, Rag } from '../domain/area-rollout';

registerEnumType(Rag, { name: 'Rag', description: 'Red, amber or green delivery status' });

@InputType()
export class ReportStatusInput extends AreaChangeInput {
  @Field(() => Rag)
  @IsEnum(Rag)
  rag!: Rag;

  @Field()
  @IsText({ maxLength: 4000, multiline: true })
  commentary!: string;

  @Field(() => DateScalar, {
    description: 'First day of the period the status covers (YYYY-MM-DD)',
  })
  @IsCalendarDate()
  periodStart!: string;

  @Field(() => DateScalar, { description: 'Last day of the period the status covers (YYYY-MM-DD)' })
  @IsCalendarDate()
  periodEnd!: string;

  toCommand(): AreaRolloutCommand {
    return {
      kind: 'ReportStatus',
      rag: this.rag,
      commentary: this.commentary.trim(),
      periodStart: this.periodStart,
      periodEnd: this.periodEnd,
    };
  }
}
