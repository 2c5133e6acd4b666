import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsUrl, Matches, MaxLength, Min } from 'class-validator';
import { CommandEnvelopeInput, DateScalar, IsCalendarDate, IsText } from '@app/platform';
import { MILESTONE_KEY_PATTERN, PROGRAMME_ID_PATTERN } from '../area-change/area-change.input';
import {
  DatePrecision,
  EVIDENCE_URL_MAX_LENGTH,
  FACT_TEXT_MAX_LENGTH,
  MILESTONE_TITLE_MAX_LENGTH,
  type NationalMilestoneDetails,
  type ProgrammeFactCommand,
  type ProgrammeFactDetails,
} from '../domain/programme-facts';

const URL_RULE = { protocols: ['http', 'https'], require_protocol: true };
const URL_MESSAGE = 'url must be a full web address starting https:// or http://';
const PRECISION_MESSAGE = 'precision must be DAY, MONTH or YEAR';
const ON = 'The date (YYYY-MM-DD), not in the future; the 1st when only the month or year is known';

/** The fields given: null and left out alike mean "as it is". */
const given = <T extends object>(fields: { [K in keyof T]?: T[K] | null }): Partial<T> =>
  Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== null && value !== undefined),
  ) as Partial<T>;

@InputType({ isAbstract: true })
class ProgrammeInput extends CommandEnvelopeInput {
  @Field(() => ID)
  @Matches(PROGRAMME_ID_PATTERN, {
    message: 'programmeId must be lower-case letters and digits joined by hyphens',
  })
  @MaxLength(64)
  programmeId!: string;
}

/** What every record of a fact or milestone gives: its date, how exact, and its evidence. */
@InputType({ isAbstract: true })
class DatedRecordInput extends ProgrammeInput {
  @Field(() => DateScalar, { description: ON })
  @IsCalendarDate()
  on!: string;

  @Field(() => DatePrecision, { nullable: true, description: 'DAY when left out' })
  @IsOptional()
  @IsEnum(DatePrecision, { message: PRECISION_MESSAGE })
  precision?: DatePrecision | null;

  @Field({ description: 'Where it can be read (https or http)' })
  @IsText({ maxLength: EVIDENCE_URL_MAX_LENGTH })
  @IsUrl(URL_RULE, { message: URL_MESSAGE })
  url!: string;

  protected dated() {
    const { on, url } = this;
    return { id: this.programmeId, on, precision: this.precision ?? DatePrecision.DAY, url };
  }
}

/** What a correction may change of any fact or milestone: null and left out mean "as it is". */
@InputType({ isAbstract: true })
class DatedCorrectionInput extends ProgrammeInput {
  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsCalendarDate()
  on?: string | null;

  @Field(() => DatePrecision, { nullable: true })
  @IsOptional()
  @IsEnum(DatePrecision, { message: PRECISION_MESSAGE })
  precision?: DatePrecision | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: EVIDENCE_URL_MAX_LENGTH })
  @IsUrl(URL_RULE, { message: URL_MESSAGE })
  url?: string | null;
}

@InputType({ description: 'A dated fact about a programme, with the web address it was read at' })
export class RecordProgrammeFactInput extends DatedRecordInput {
  @Field({ description: `The fact, at most ${FACT_TEXT_MAX_LENGTH} characters` })
  @IsText({ maxLength: FACT_TEXT_MAX_LENGTH })
  text!: string;

  toCommand(): ProgrammeFactCommand {
    return { kind: 'RecordProgrammeFact', ...this.dated(), text: this.text };
  }
}

@InputType({ description: "Correct a programme's fact; the original stays in the history" })
export class CorrectProgrammeFactInput extends DatedCorrectionInput {
  @Field(() => Int, { description: "The fact's number (1 for the programme's first)" })
  @IsInt({ message: 'number must be a whole number' })
  @Min(1, { message: 'number must be 1 or more' })
  number!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: FACT_TEXT_MAX_LENGTH })
  text?: string | null;

  toCommand(): ProgrammeFactCommand {
    const { programmeId, number, on, precision, text, url } = this;
    const changes = given<ProgrammeFactDetails>({ on, precision, text, url });
    return { kind: 'CorrectProgrammeFact', id: programmeId, number, changes };
  }
}

const KEY_MESSAGE = 'key must be lower-case words joined by hyphens';

@InputType({ description: 'A national milestone the programme reached, with its evidence' })
export class RecordNationalMilestoneInput extends DatedRecordInput {
  @Field({ description: 'Lower-case words joined by hyphens, e.g. trailblazers' })
  @Matches(MILESTONE_KEY_PATTERN, { message: KEY_MESSAGE })
  @MaxLength(60)
  key!: string;

  @Field({ description: `What was reached, at most ${MILESTONE_TITLE_MAX_LENGTH} characters` })
  @IsText({ maxLength: MILESTONE_TITLE_MAX_LENGTH })
  title!: string;

  toCommand(): ProgrammeFactCommand {
    const { key, title } = this;
    return { kind: 'RecordNationalMilestone', ...this.dated(), key, title };
  }
}

@InputType({ description: 'Correct a national milestone; the original stays in the history' })
export class CorrectNationalMilestoneInput extends DatedCorrectionInput {
  @Field()
  @Matches(MILESTONE_KEY_PATTERN, { message: KEY_MESSAGE })
  @MaxLength(60)
  key!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: MILESTONE_TITLE_MAX_LENGTH })
  title?: string | null;

  toCommand(): ProgrammeFactCommand {
    const { programmeId, key, title, on, precision, url } = this;
    const changes = given<NationalMilestoneDetails>({ title, on, precision, url });
    return { kind: 'CorrectNationalMilestone', id: programmeId, key, changes };
  }
}
