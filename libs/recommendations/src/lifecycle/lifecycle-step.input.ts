import { Field, ID, InputType } from '@nestjs/graphql';
import { Matches, MaxLength } from 'class-validator';
import { CommandEnvelopeInput } from '@app/platform';
import type { RecommendationCommand } from '../domain/decide';

export const RECOMMENDATION_ID_PATTERN = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;

/** What every lifecycle mutation takes besides the step's own facts. */
@InputType({ isAbstract: true })
export abstract class LifecycleStepInput extends CommandEnvelopeInput {
  @Field(() => ID, { description: 'Recommendation id, e.g. CSC-FAMILY-HELP' })
  @Matches(RECOMMENDATION_ID_PATTERN, {
    message: 'id must be upper-case letters and digits joined by hyphens',
  })
  @MaxLength(64)
  id!: string;

  /** The domain command this input asks for. */
  abstract toCommand(): RecommendationCommand;
}
