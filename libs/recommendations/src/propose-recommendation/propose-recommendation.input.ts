import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { RecommendationCommand } from '../domain/decide';
import { LifecycleStepInput } from '../lifecycle/lifecycle-step.input';

@InputType()
export class RecommendationSourceInput {
  @Field({ description: 'The review, report or campaign it comes from' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2048)
  url?: string | null;
}

@InputType()
export class ProposeRecommendationInput extends LifecycleStepInput {
  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  summary?: string | null;

  @Field(() => RecommendationSourceInput)
  @ValidateNested()
  @Type(() => RecommendationSourceInput)
  source!: RecommendationSourceInput;

  @Field({ description: "One of the review's themes" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  theme!: string;

  @Field(() => String, { nullable: true, description: 'Who in government owns it' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
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
