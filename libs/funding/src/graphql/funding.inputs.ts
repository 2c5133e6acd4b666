import { Field, Float, ID, InputType } from '@nestjs/graphql';
import {
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { AREA_CODE_PATTERN } from '@app/kernel';
import { CommandEnvelopeInput, DateScalar, IsCalendarDate, IsText } from '@app/platform';

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ID_RULE = 'must be lower-case letters and digits joined by hyphens';
const URL_RULE = { protocols: ['http', 'https'], require_protocol: true };

/** Which programme's allocation: every funding input names it, as its stream is the programme's. */
@InputType({ isAbstract: true })
abstract class ProgrammeAllocationInput extends CommandEnvelopeInput {
  @Field(() => ID)
  @Matches(ID_PATTERN, { message: `programmeId ${ID_RULE}` })
  @MaxLength(64)
  programmeId!: string;
}

@InputType({
  description: 'Record a grant allocated to one local authority for a programme and period',
})
export class AllocateGrantInput extends ProgrammeAllocationInput {
  @Field(() => ID, {
    nullable: true,
    description: 'Defaults to the area code and period, e.g. E09000022-2025-04-01-to-2026-03-31',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/, {
    message: 'allocationId must be letters and digits joined by hyphens',
  })
  @MaxLength(80)
  allocationId?: string | null;

  @Field(() => ID, { description: 'ONS GSS code of the local authority' })
  @Matches(AREA_CODE_PATTERN, { message: 'areaCode must be an ONS GSS code such as E09000022' })
  areaCode!: string;

  @Field(() => Float, { description: 'Amount in whole pence (GBP 1 = 100)' })
  @IsInt({ message: 'amountPence must be a whole number of pence' })
  @Min(0, { message: 'amountPence must be zero or more' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'amountPence is too large' })
  amountPence!: number;

  @Field(() => DateScalar, { description: 'First day of the period (YYYY-MM-DD)' })
  @IsCalendarDate()
  periodStart!: string;

  @Field(() => DateScalar, { description: 'Last day of the period (YYYY-MM-DD)' })
  @IsCalendarDate()
  periodEnd!: string;

  @Field({ description: 'Where the allocation is published, e.g. the grant determination' })
  @IsText({ maxLength: 2048 })
  @IsUrl(URL_RULE, { message: 'sourceUrl must be an absolute http(s) URL' })
  sourceUrl!: string;

  @Field(() => DateScalar, { description: 'The day the grant was allocated (YYYY-MM-DD)' })
  @IsCalendarDate()
  allocatedOn!: string;

  @Field({ description: 'Who pays, e.g. "Department for Education"' })
  @IsText({ maxLength: 300 })
  @IsNotEmpty({ message: 'fundingSource must say who pays' })
  fundingSource!: string;

  @Field(() => String, { nullable: true, description: "The grant's own name, if it has one" })
  @IsOptional()
  @IsText({ maxLength: 300 })
  grantName?: string | null;
}

@InputType({
  description:
    'Correct the details of a grant allocation (reason required); only those given change',
})
export class CorrectGrantAllocationInput extends ProgrammeAllocationInput {
  @Field(() => ID)
  @MaxLength(80)
  allocationId!: string;

  @Field(() => Float, { nullable: true, description: 'Amount in whole pence (GBP 1 = 100)' })
  @IsOptional()
  @IsInt({ message: 'amountPence must be a whole number of pence' })
  @Min(0, { message: 'amountPence must be zero or more' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'amountPence is too large' })
  amountPence?: number | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsCalendarDate()
  periodStart?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsCalendarDate()
  periodEnd?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: 2048 })
  @IsUrl(URL_RULE, { message: 'sourceUrl must be an absolute http(s) URL' })
  sourceUrl?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsCalendarDate()
  allocatedOn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: 300 })
  @IsNotEmpty({ message: 'fundingSource must say who pays' })
  fundingSource?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: 300 })
  grantName?: string | null;
}

@InputType({ description: 'Withdraw a grant allocation recorded in error (reason required)' })
export class WithdrawGrantAllocationInput extends ProgrammeAllocationInput {
  @Field(() => ID)
  @MaxLength(80)
  allocationId!: string;
}
