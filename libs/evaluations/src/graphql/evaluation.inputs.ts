import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsUrl, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CommandEnvelopeInput, DateScalar, IsCalendarDate, IsText } from '@app/platform';
import {
  EvaluationDetails,
  EvaluationSubjectKind,
  EVALUATOR_MAX_LENGTH,
  Finding,
  SUMMARY_MAX_LENGTH,
  URL_MAX_LENGTH,
} from '../domain/evaluation';

/** Evaluation ids are chosen by whoever records them, as programme ids are. */
const EVALUATION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ID_MESSAGE = 'id must be lower-case letters and digits joined by hyphens';
const URL_RULE = { protocols: ['http', 'https'], require_protocol: true };
const URL_MESSAGE = 'url must be a full web address starting http:// or https://';

@InputType()
export class EvaluationSubjectInput {
  @Field(() => EvaluationSubjectKind)
  @IsEnum(EvaluationSubjectKind, { message: 'subject.kind must be PROGRAMME or RECOMMENDATION' })
  kind!: EvaluationSubjectKind;

  @Field(() => ID, { description: 'The programme id or recommendation id' })
  @IsText({ maxLength: 64 })
  @Matches(/^[A-Za-z0-9-]+$/, {
    message: 'subject.id must be a programme id or a recommendation id such as CSC-SWIS',
  })
  id!: string;
}

@InputType()
export class RecordEvaluationInput extends CommandEnvelopeInput {
  @Field(() => ID, { description: 'Lower-case words joined by hyphens, e.g. swis-trial-result' })
  @Matches(EVALUATION_ID, { message: ID_MESSAGE })
  @MaxLength(100)
  id!: string;

  @Field(() => EvaluationSubjectInput)
  @ValidateNested()
  @Type(() => EvaluationSubjectInput)
  subject!: EvaluationSubjectInput;

  @Field(() => DateScalar, { description: 'When it was published (YYYY-MM-DD), not in the future' })
  @IsCalendarDate()
  publishedOn!: string;

  @Field({ description: 'Who carried out the evaluation' })
  @IsText({ maxLength: EVALUATOR_MAX_LENGTH })
  evaluator!: string;

  @Field(() => Finding)
  @IsEnum(Finding, { message: 'finding must be POSITIVE, NO_EFFECT, NEGATIVE or MIXED' })
  finding!: Finding;

  @Field({ description: 'Where it can be read (http or https)' })
  @IsText({ maxLength: URL_MAX_LENGTH })
  @IsUrl(URL_RULE, { message: URL_MESSAGE })
  url!: string;

  @Field({ description: `What it found, at most ${SUMMARY_MAX_LENGTH} characters` })
  @IsText({ maxLength: SUMMARY_MAX_LENGTH, multiline: true })
  summary!: string;
}

@InputType()
export class CorrectEvaluationInput extends CommandEnvelopeInput {
  @Field(() => ID)
  @Matches(EVALUATION_ID, { message: ID_MESSAGE })
  @MaxLength(100)
  id!: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsCalendarDate()
  publishedOn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: EVALUATOR_MAX_LENGTH })
  evaluator?: string | null;

  @Field(() => Finding, { nullable: true })
  @IsOptional()
  @IsEnum(Finding, { message: 'finding must be POSITIVE, NO_EFFECT, NEGATIVE or MIXED' })
  finding?: Finding | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: URL_MAX_LENGTH })
  @IsUrl(URL_RULE, { message: URL_MESSAGE })
  url?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: SUMMARY_MAX_LENGTH, multiline: true })
  summary?: string | null;

  /** Only the fields given: null and left out alike mean "as it is". */
  changes(): Partial<EvaluationDetails> {
    const { publishedOn, evaluator, finding, url, summary } = this;
    return Object.fromEntries(
      Object.entries({ publishedOn, evaluator, finding, url, summary }).filter(
        ([, value]) => value !== null && value !== undefined,
      ),
    );
  }
}
