import { Field, Float, InputType } from '@nestjs/graphql';
import { IsInt, IsNotEmpty, IsOptional, Max, Min } from 'class-validator';
import { DateScalar, IsCalendarDate, IsText } from '@app/platform';
import type { RecommendationCommand } from '../domain/decide';
import { LifecycleMoveInput } from '../lifecycle/lifecycle-step.input';

@InputType()
export class FundRecommendationInput extends LifecycleMoveInput {
  @Field(() => Float, { nullable: true, description: 'Amount in whole pence (GBP 1 = 100)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountPence?: number | null;

  @Field({ description: 'Who pays, e.g. "DfE: Children\'s social care reform budget"' })
  @IsText({ maxLength: 300 })
  @IsNotEmpty()
  fundingSource!: string;

  @Field(() => DateScalar, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  periodStart?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  periodEnd?: string | null;

  toCommand(): RecommendationCommand {
    return {
      kind: 'FundRecommendation',
      id: this.id,
      evidenceUrl: this.evidenceUrl ?? null,
      amountPence: this.amountPence ?? null,
      fundingSource: this.fundingSource.trim(),
      periodStart: this.periodStart ?? null,
      periodEnd: this.periodEnd ?? null,
    };
  }
}
