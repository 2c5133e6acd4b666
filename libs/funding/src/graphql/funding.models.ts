import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { DateScalar } from '@app/platform';

@ObjectType('GrantAllocation', {
  description: 'A grant to one local authority for a programme and period',
})
export class GrantAllocationModel {
  @Field(() => ID)
  allocationId!: string;

  @Field(() => ID)
  programmeId!: string;

  @Field(() => ID, { description: 'ONS GSS code' })
  areaCode!: string;

  @Field()
  areaName!: string;

  @Field()
  regionName!: string;

  @Field(() => Float, { description: 'Whole pence (GBP 1 = 100)' })
  amountPence!: number;

  @Field({ description: 'The amount in pounds, e.g. "£1,234.56"' })
  amount!: string;

  @Field(() => DateScalar)
  periodStart!: string;

  @Field(() => DateScalar)
  periodEnd!: string;

  @Field()
  sourceUrl!: string;

  @Field(() => DateScalar)
  allocatedOn!: string;

  @Field()
  fundingSource!: string;

  @Field(() => String, { nullable: true })
  grantName!: string | null;

  @Field({ description: 'Withdrawn as recorded in error (only a withdrawal answers with true)' })
  withdrawn!: boolean;
}

@ObjectType('ProgrammeFunding', { description: "A programme's grants summed" })
export class ProgrammeFundingModel {
  @Field(() => ID)
  programmeId!: string;

  @Field(() => Float, { description: 'Whole pence' })
  totalPence!: number;

  @Field()
  total!: string;
}

@ObjectType('RegionFunding', {
  description: "A region's grants: in total and programme by programme",
})
export class RegionFundingModel {
  @Field(() => ID)
  regionCode!: string;

  @Field()
  regionName!: string;

  @Field(() => Float, { description: 'Whole pence' })
  totalPence!: number;

  @Field()
  total!: string;

  @Field(() => [ProgrammeFundingModel])
  programmes!: ProgrammeFundingModel[];
}
