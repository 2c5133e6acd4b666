import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsUrl, ValidateNested } from 'class-validator';
import { IsText } from '@app/platform';
import type { RecommendationCommand } from '../domain/decide';
import { LifecycleStepInput } from '../lifecycle/lifecycle-step.input';

@InputType()
export class RecommendationSourceInput {
  @Field({ description: 'The review, report or campaign it comes from' })
  @IsText({ maxLength: 300 })
  @IsNotEmpty()
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @IsText({ maxLength: 2048 })
  url?: string | null;
}

@InputType()
export class ProposeRecommendationInput extends LifecycleStepInput {
  @Field()
  @IsText({ maxLength: 300 })
  @IsNotEmpty()
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: 4000, multiline: true })
  summary?: string | null;

  @Field(() => RecommendationSourceInput)
  @ValidateNested()
  @Type(() => RecommendationSourceInput)
  source!: RecommendationSourceInput;

  @Field({ description: "One of the review's themes" })
  @IsText({ maxLength: 200 })
  @IsNotEmpty()
  theme!: string;

  @Field(() => String, { nullable: true, description: 'Who in government owns it' })
  @IsOptional()
  @IsText({ maxLength: 200 })
  owner?: string | null;

  toCommand(): RecommendationCommand {
    return {
      kind: 'ProposeRecommendation',
      id: this.id,
      title: this.title.trim(),
      summary: this.summary ?? null,
      source: { name: this.source.name.trim(), url: this.source.url ?? null },
      theme: this.theme,
      owner: this.owner ?? null,
    };
  }
}
