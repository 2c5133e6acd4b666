import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CommandEnvelopeInput, DateScalar, IsCalendarDate, IsText } from '@app/platform';
import { RECOMMENDATION_ID_PATTERN } from '@app/recommendations';
import { MILESTONE_KEY_PATTERN, PROGRAMME_ID_PATTERN } from '../area-change/area-change.input';
import type { ProgrammeCommand } from '../domain/programme';

@InputType()
export class MilestoneDefinitionInput {
  @Field({ description: 'Lower-case words joined by hyphens, e.g. first-hub-open' })
  @Matches(MILESTONE_KEY_PATTERN, { message: 'key must be lower-case words joined by hyphens' })
  @MaxLength(64)
  key!: string;

  @Field()
  @IsText({ maxLength: 200 })
  @IsNotEmpty()
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: 2000, multiline: true })
  description?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'National target date (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  targetDate?: string | null;
}

@InputType()
export class CreateProgrammeInput extends CommandEnvelopeInput {
  @Field(() => ID, {
    description: 'Lower-case words joined by hyphens, e.g. family-hubs-trailblazers',
  })
  @Matches(PROGRAMME_ID_PATTERN, {
    message: 'id must be lower-case letters and digits joined by hyphens',
  })
  @MaxLength(64)
  id!: string;

  @Field()
  @IsText({ maxLength: 300 })
  @IsNotEmpty()
  name!: string;

  // May be empty: the Family Networks Pilot tests a theme rather than a named recommendation.
  @Field(() => [ID], { description: 'Ids of the recommendations it delivers' })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(RECOMMENDATION_ID_PATTERN, {
    each: true,
    message: 'each recommendation must be an id such as CSC-SWIS',
  })
  recommendations!: string[];

  @Field(() => [MilestoneDefinitionInput], { description: 'In the order areas reach them' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDefinitionInput)
  milestones!: MilestoneDefinitionInput[];

  toCommand(): ProgrammeCommand {
    return {
      kind: 'CreateProgramme',
      id: this.id,
      name: this.name.trim(),
      recommendations: this.recommendations,
      milestones: this.milestones.map((milestone) => ({
        key: milestone.key,
        title: milestone.title.trim(),
        description: milestone.description?.trim() || null,
        targetDate: milestone.targetDate ?? null,
      })),
    };
  }
}
