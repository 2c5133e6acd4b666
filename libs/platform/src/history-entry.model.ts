import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Role } from '@app/kernel';
import { DateTimeScalar } from './scalars';

// The actor's role on history entries, and the identity's (whoAmI): the API's own enum.
registerEnumType(Role, { name: 'Role' });

@ObjectType('Actor')
export class ActorModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Role) role!: Role;
  @Field(() => ID, { nullable: true, description: "ONS GSS code of a local authority's area" })
  organisation!: string | null;
}

const WITHHELD =
  "null (evidence empty) when withheld: a local authority sees who did what and why only for its own area's events and its own acts";

@ObjectType('HistoryEntry', { description: 'One stored event with its metadata' })
export class HistoryEntryModel {
  @Field(() => ID, { description: 'The stream the event belongs to' }) streamId!: string;
  @Field() type!: string;
  @Field(() => Int, { description: 'Version of the stream after this event' }) version!: number;
  @Field(() => Float, { description: 'Position in the global order of events' }) position!: number;
  @Field(() => GraphQLJSON) data!: unknown;
  @Field(() => ActorModel, { nullable: true, description: `Who did it; ${WITHHELD}` })
  actor!: ActorModel | null;
  @Field(() => DateTimeScalar, { description: 'When it happened in the world' })
  occurredAt!: string;
  @Field(() => DateTimeScalar, { description: 'When the system recorded it' })
  recordedAt!: string;
  @Field(() => String, { nullable: true, description: `Why; ${WITHHELD}` }) reason!: string | null;
  @Field(() => [String], { description: WITHHELD }) evidence!: string[];
  @Field(() => ID, { nullable: true, description: WITHHELD }) commandId!: string | null;
  @Field(() => ID, { nullable: true, description: WITHHELD }) correlationId!: string | null;
  @Field(() => ID, { nullable: true }) causationId!: string | null;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: `The metadata as stored, integrity included; ${WITHHELD}`,
  })
  metadata!: unknown;
}
