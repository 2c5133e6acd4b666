import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Role } from '@app/kernel';
import type { AuditFilter } from './audit-trail.read-model';

@InputType({
  description: 'Every field narrows the history; time ranges are inclusive, dates mean whole days',
})
export class AuditFilterInput implements AuditFilter {
  @Field(() => ID, { nullable: true, description: 'One stream, e.g. recommendation-CSC-SWIS' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  streamId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  recommendationId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  programmeId?: string | null;

  @Field(() => ID, { nullable: true, description: 'ONS GSS code' })
  @IsOptional()
  @IsString()
  @MaxLength(9)
  areaCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'The id of the token holder who acted' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actorId?: string | null;

  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role)
  role?: Role | null;

  @Field(() => String, { nullable: true, description: 'e.g. MilestoneAchieved' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  eventType?: string | null;

  @Field(() => String, { nullable: true, description: 'Recorded at or after (system time)' })
  @IsOptional()
  @IsString()
  recordedFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Recorded at or before (system time)' })
  @IsOptional()
  @IsString()
  recordedTo?: string | null;

  @Field(() => String, { nullable: true, description: 'Happened at or after (business time)' })
  @IsOptional()
  @IsString()
  occurredFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Happened at or before (business time)' })
  @IsOptional()
  @IsString()
  occurredTo?: string | null;
}
