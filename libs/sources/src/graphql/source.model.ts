import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateScalar, DateTimeScalar } from '@app/platform';
import { SourceKind } from '../domain/source.events';

registerEnumType(SourceKind, {
  name: 'SourceKind',
  description: 'What kind of document a source is',
});

@ObjectType('Source', {
  description: 'A document that makes recommendations or responds to them',
})
export class SourceModel {
  @Field(() => ID, { description: 'Such as ircsc-final-report-2022' }) id!: string;
  @Field(() => SourceKind) kind!: SourceKind;
  @Field() title!: string;
  @Field({ description: 'Who published it' }) publisher!: string;
  @Field(() => DateScalar, {
    description: 'When it was published; the 1st of the month where only the month is known',
  })
  publishedOn!: string;
  @Field(() => String, { nullable: true, description: 'Where to read it; null when unknown' })
  url!: string | null;
  @Field(() => [String], {
    description: 'Its themes (chapters), in its order: recommendations are filed under one',
  })
  themes!: string[];
  @Field(() => DateTimeScalar, { description: 'Business time it was added' }) addedAt!: string;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Business time of its last correction',
  })
  correctedAt!: string | null;
  @Field(() => Int, { description: "The source stream's version, for expectedVersion" })
  version!: number;
}
