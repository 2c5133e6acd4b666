import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsUrl, Matches, MaxLength } from 'class-validator';
import { CommandEnvelopeInput, IsText } from '@app/platform';
import type { RecommendationCommand } from '../domain/decide';

export const RECOMMENDATION_ID_PATTERN = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;

/** What every recommendation mutation takes besides the step's own facts. */
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

/** An http(s) link to the public record of a fact. */
export const IsEvidenceUrl = (field: string): PropertyDecorator => {
  const url = IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: `${field} must be an http(s) URL` },
  );
  const text = IsText({ maxLength: 2048 });
  return (target, key) => {
    url(target, key);
    text(target, key);
  };
};

/** A move along the lifecycle: it may point at the public record of the step. */
@InputType({ isAbstract: true })
export abstract class LifecycleMoveInput extends LifecycleStepInput {
  @Field(() => String, {
    nullable: true,
    description:
      'A link to the public record of this step. A step past stages (e.g. Accepted to Rolled out) needs a reason',
  })
  @IsOptional()
  @IsEvidenceUrl('evidenceUrl')
  evidenceUrl?: string | null;
}
