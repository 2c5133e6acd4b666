import { Field, InputType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { DateScalar, IsCalendarDate } from '@app/platform';
import { AreaChangeInput } from '../area-change/area-change.input';
import type { AreaRolloutCommand } from '../domain/area-rollout';

@InputType({ description: 'Withdraw an area from a programme; a reason is required' })
export class WithdrawAreaInput extends AreaChangeInput {
  @Field(() => DateScalar, { nullable: true, description: 'YYYY-MM-DD; defaults to today' })
  @IsOptional()
  @IsCalendarDate()
  withdrawnOn?: string | null;

  toCommand(today: string): AreaRolloutCommand {
    return { kind: 'WithdrawArea', withdrawnOn: this.withdrawnOn ?? today };
  }
}
