import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Stage } from '../domain/stage';

@InputType()
export class RecommendationFilterInput {
  @Field(() => Stage, { nullable: true })
  @IsOptional()
  @IsEnum(Stage)
  stage?: Stage | null;

  @Field(() => String, { nullable: true, description: 'Exact theme' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  theme?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Part of the source's id (or an older proposal's source name), any case",
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  source?: string | null;
}
