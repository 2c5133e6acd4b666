import { Field, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsOptional, Matches, MaxLength } from 'class-validator';
import { SOURCE_ID_PATTERN } from '@app/kernel';
import { IsText } from '@app/platform';
import type { RecommendationCommand } from '../domain/decide';
import { LifecycleStepInput } from '../lifecycle/lifecycle-step.input';

@InputType({
  description:
    'occurredAt is when it was made: on or after its source was published, e.g. 2022-05-23',
})
export class ProposeRecommendationInput extends LifecycleStepInput {
  @Field()
  @IsText({ maxLength: 300 })
  @IsNotEmpty()
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: 4000, multiline: true })
  summary?: string | null;

  @Field({ description: 'The source it comes from, e.g. ircsc-final-report-2022' })
  @Matches(SOURCE_ID_PATTERN, {
    message: 'sourceId must be lower-case letters and digits joined by hyphens',
  })
  @MaxLength(100)
  sourceId!: string;

  @Field(() => String, {
    nullable: true,
    description: "One of the source's own themes; left out when the source lists none",
  })
  @IsOptional()
  @IsText({ maxLength: 200 })
  @IsNotEmpty()
  theme?: string | null;

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
      sourceId: this.sourceId,
      theme: this.theme ?? null,
      owner: this.owner ?? null,
    };
  }
}
