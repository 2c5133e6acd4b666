import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { Role } from '@app/kernel';
import { AreaCodes, CommandEnvelopeInput, IsText } from '@app/platform';

/** An email as typed: the domain normalises it and checks its form, naming the field. */
const EMAIL_RULE = { maxLength: 254 };
const NAME_RULE = { maxLength: 200 };

@InputType()
export class AddAccountInput extends CommandEnvelopeInput {
  @Field({ description: 'The email the person signs in with' })
  @IsText(EMAIL_RULE)
  email!: string;

  @Field()
  @IsText(NAME_RULE)
  name!: string;

  @Field(() => Role)
  @IsEnum(Role)
  role!: Role;

  @Field({ description: 'Who they work for, in words' })
  @IsText(NAME_RULE)
  organisation!: string;

  @Field(() => [ID], {
    nullable: true,
    description: 'ONS GSS codes a LOCAL_AUTHORITY officer reports for (one or more)',
  })
  @IsOptional()
  @AreaCodes()
  areaCodes?: string[] | null;
}

@InputType()
export class AccountInput extends CommandEnvelopeInput {
  @Field(() => ID)
  @IsString()
  @Length(1, 64)
  accountId!: string;
}

@InputType({ description: 'The details to change; those left out stay as they are' })
export class ChangeAccountInput extends AccountInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(EMAIL_RULE)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(NAME_RULE)
  name?: string | null;

  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role)
  role?: Role | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(NAME_RULE)
  organisation?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: "Replaces the officer's areas; left out, a LOCAL_AUTHORITY officer keeps theirs",
  })
  @IsOptional()
  @AreaCodes()
  areaCodes?: string[] | null;
}
