import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsUrl, Length, Matches } from 'class-validator';
import { SOURCE_ID_PATTERN } from '@app/kernel';
import { CommandEnvelopeInput, DateScalar, IsCalendarDate, IsText } from '@app/platform';
import { MAX_THEMES, SOURCE_ID_MAX_LENGTH } from '../domain/decide';
import { SourceKind } from '../domain/source.events';

const TEXT_RULE = { maxLength: 300 };
const THEME_RULE = { maxLength: 200 };
const URL_RULE = { maxLength: 2000 };
const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true };

/** Which source: its id. */
@InputType({ isAbstract: true })
abstract class SourceIdInput extends CommandEnvelopeInput {
  @Field(() => ID, {
    description: 'Lower-case words joined by hyphens, e.g. ircsc-final-report-2022',
  })
  @Length(1, SOURCE_ID_MAX_LENGTH)
  @Matches(SOURCE_ID_PATTERN, {
    message: 'id must be lower-case letters and digits joined by hyphens',
  })
  id!: string;
}

@InputType()
export class AddSourceInput extends SourceIdInput {
  @Field(() => SourceKind)
  @IsEnum(SourceKind)
  kind!: SourceKind;

  @Field()
  @IsText(TEXT_RULE)
  title!: string;

  @Field({ description: 'Who published it' })
  @IsText(TEXT_RULE)
  publisher!: string;

  @Field(() => DateScalar, {
    description: 'YYYY-MM-DD; the 1st of the month where only the month is known',
  })
  @IsCalendarDate()
  publishedOn!: string;

  @Field(() => String, { nullable: true, description: 'Where to read it (http or https)' })
  @IsOptional()
  @IsText(URL_RULE)
  @IsUrl(HTTP_URL, { message: 'url must be an http(s) address such as https://www.gov.uk/...' })
  url?: string | null;

  @Field(() => [String], { description: 'Its themes (chapters), in its order' })
  @IsArray()
  @ArrayMaxSize(MAX_THEMES)
  @IsText(THEME_RULE, { each: true })
  themes!: string[];
}

@InputType({
  description:
    'The corrected details; those left out stay as they are. A url of null clears it. Themes may be added or reordered, never removed (reason required)',
})
export class CorrectSourceInput extends SourceIdInput {
  @Field(() => SourceKind, { nullable: true })
  @IsOptional()
  @IsEnum(SourceKind)
  kind?: SourceKind | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(TEXT_RULE)
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(TEXT_RULE)
  publisher?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsCalendarDate()
  publishedOn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(URL_RULE)
  @IsUrl(HTTP_URL, { message: 'url must be an http(s) address such as https://www.gov.uk/...' })
  url?: string | null;

  @Field(() => [String], { nullable: true, description: 'Every theme, the new ones among them' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_THEMES)
  @IsText(THEME_RULE, { each: true })
  themes?: string[] | null;
}
