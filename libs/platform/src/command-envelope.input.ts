import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Min,
} from 'class-validator';
import type { CommandEnvelope } from '@app/kernel';
import { IsText } from './validation';

/** The envelope every mutation input carries, in every context (API convention). */
@InputType({ isAbstract: true })
export abstract class CommandEnvelopeInput implements CommandEnvelope {
  @Field(() => ID, {
    nullable: true,
    description: 'Client-chosen id; a retry with it writes nothing new',
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  @Matches(/^[\w.:-]+$/, { message: 'commandId may hold letters, digits, _ . : and - only' })
  commandId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Refuse the change unless the stream is at this version',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'When it happened in the world (ISO 8601); defaults to now',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  occurredAt?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText({ maxLength: 4000, multiline: true })
  reason?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Links to the evidence (http or https URLs)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsText({ maxLength: 2048 }, { each: true })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { each: true, message: 'each evidence link must be an http(s) URL' },
  )
  evidence?: string[] | null;
}
