import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CommandEnvelopeInput, IsText } from '@app/platform';

// The address, event types, areas and programmes are checked by the domain (domain/webhook.ts),
// which names the field and the rule; here only their shapes and sizes.

@InputType()
export class RegisterWebhookInput extends CommandEnvelopeInput {
  @Field({
    description:
      'Where deliveries are POSTed: https: (plain http: to a loopback host in development and test only)',
  })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @Field(() => [String], { description: 'The event types to deliver (e.g. MilestoneAchieved)' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  eventTypes!: string[];

  @Field(() => [ID], {
    nullable: true,
    description: 'Only events about these areas (ONS GSS codes); left out: every event',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  areaCodes?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Only events about these programmes; left out: every event',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  programmeIds?: string[] | null;

  @Field({ description: 'What the endpoint is, for the admins who look after it' })
  @IsText({ maxLength: 200 })
  description!: string;
}

@InputType()
export class ChangeWebhookInput extends CommandEnvelopeInput {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  eventTypes?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Only events about these areas; an empty list: every event again',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  areaCodes?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Only events about these programmes; an empty list: every event again',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  programmeIds?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: 200 })
  description?: string | null;
}

@InputType()
export class RemoveWebhookInput extends CommandEnvelopeInput {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}
