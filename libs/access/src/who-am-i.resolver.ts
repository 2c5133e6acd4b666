import { Field, ID, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Actor, Role } from '@app/kernel';
import { CurrentActor } from './roles';

/** The holder of the bearer token, as the API sees it (the `Role` enum is the API's own). */
@ObjectType('Identity', { description: 'Who the bearer token stands for' })
export class IdentityModel {
  @Field(() => ID, {
    description:
      "Who acts: the account's id for a token made for an account (and for a signed-in session), the token's own id for an operator's token without an account; stable, never the secret",
  })
  id!: string;
  @Field() name!: string;
  @Field(() => Role) role!: Role;
  @Field(() => ID, {
    nullable: true,
    description: "A local authority's ONS GSS code; null for every other role",
  })
  organisation!: string | null;
}

/** Lets a client choose what to offer by role; any authenticated role may ask. */
@Resolver()
export class WhoAmIResolver {
  @Query(() => IdentityModel, { description: 'Who the bearer token stands for' })
  whoAmI(@CurrentActor() actor: Actor): IdentityModel {
    return {
      id: actor.id,
      name: actor.name,
      role: actor.role,
      organisation: actor.organisation,
    };
  }
}
