import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Role } from '@app/kernel';
import { DateTimeScalar } from '@app/platform';
import { DigestFrequency } from '../domain/account';

registerEnumType(DigestFrequency, {
  name: 'DigestFrequency',
  description: 'How often a person gets their digest of milestones',
});

@ObjectType('Account', { description: 'A person who signs in' })
export class AccountModel {
  @Field(() => ID) id!: string;
  @Field({ description: 'Lower-case; unique among accounts' }) email!: string;
  @Field() name!: string;
  @Field(() => Role) role!: Role;
  @Field({ description: 'Who they work for, in words' }) organisation!: string;
  @Field(() => [ID], { description: 'ONS GSS codes a local authority officer reports for' })
  areaCodes!: string[];
  @Field({ description: 'False once deactivated: the account can do nothing' }) active!: boolean;
  @Field(() => DigestFrequency) digest!: DigestFrequency;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When an admin last ended all the person's sessions",
  })
  sessionsEndedAt!: string | null;
  @Field(() => Int, { description: "The account stream's version, for expectedVersion" })
  version!: number;
}
