import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CommandEnvelopeInput, IsText } from '@app/platform';

// The address, event types, areas and programmes are checked by the domain (domain/webhook.ts),
// which names the field and the rule; here only their shapes and sizes.

const A_LIST = { nullable: true } as const;

/** The filters a registration sets and a change may change. */
@InputType({ isAbstract: true })
abstract class WebhookFiltersInput extends CommandEnvelopeInput {
  @Field(() => [ID], {
    ...A_LIST,
    description:
      'Only events about these areas (ONS GSS codes); left out at registration, or an empty list in a change: every event',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  areaCodes?: string[] | null;

  @Field(() => [ID], {
    ...A_LIST,
    description:
      'Only events about these programmes; left out at registration, or an empty list in a change: every event',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  programmeIds?: string[] | null;
}

@InputType()
export class RegisterWebhookInput extends WebhookFiltersInput {
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

  @Field({ description: 'What the endpoint is, for the admins who look after it' })
  @IsText({ maxLength: 200 })
  description!: string;
}

/** What is left out stays as it is. */
@InputType()
export class ChangeWebhookInput extends WebhookFiltersInput {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field(() => String, A_LIST)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string | null;

  @Field(() => [String], A_LIST)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  eventTypes?: string[] | null;

  @Field(() => String, A_LIST)
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
