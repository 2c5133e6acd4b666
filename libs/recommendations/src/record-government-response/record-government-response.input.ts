import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { DateScalar, IsCalendarDate, IsText } from '@app/platform';
import type { RecommendationCommand } from '../domain/decide';
import { ResponseDecision } from '../domain/recommendation.events';
import { IsEvidenceUrl, LifecycleStepInput } from '../lifecycle/lifecycle-step.input';

@InputType({
  description:
    "The government's response: a dated fact beside the stage; a later response supersedes it in display",
})
export class RecordGovernmentResponseInput extends LifecycleStepInput {
  @Field(() => ResponseDecision)
  @IsEnum(ResponseDecision)
  decision!: ResponseDecision;

  @Field(() => DateScalar, {
    description: 'YYYY-MM-DD: not in the future, not before the recommendation was made',
  })
  @IsCalendarDate()
  respondedOn!: string;

  @Field({ description: 'A link to the response (http or https)' })
  @IsEvidenceUrl('evidenceUrl')
  evidenceUrl!: string;

  @Field(() => String, { nullable: true, description: "The response's own words, briefly" })
  @IsOptional()
  @IsText({ maxLength: 2000, multiline: true })
  note?: string | null;

  toCommand(): RecommendationCommand {
    return {
      kind: 'RecordGovernmentResponse',
      id: this.id,
      decision: this.decision,
      respondedOn: this.respondedOn,
      evidenceUrl: this.evidenceUrl,
      note: this.note?.trim() || null,
    };
  }
}
