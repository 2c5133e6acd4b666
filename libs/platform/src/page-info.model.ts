import { Field, ObjectType } from '@nestjs/graphql';

/** A page's place in its list, as the cursor connections specification (Relay) has it. */
@ObjectType('PageInfo')
export class PageInfoModel {
  @Field({ description: 'Items follow this page' }) hasNextPage!: boolean;
  @Field({ description: 'Items precede this page (so never when after was not given)' })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: "The first item's cursor; null for none" })
  startCursor!: string | null;
  @Field(() => String, { nullable: true, description: "The last item's cursor; null for none" })
  endCursor!: string | null;
}
