import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('LocalAuthority', {
  description: "An English local authority with children's services duties, current or former",
})
export class LocalAuthorityModel {
  @Field({ description: 'ONS GSS code' }) areaCode!: string;
  @Field() name!: string;
  @Field({ description: 'DfE local authority number' }) dfeCode!: string;
  @Field({ description: 'unitary, metropolitan, london or county' }) type!: string;
  @Field() regionCode!: string;
  @Field() regionName!: string;
  @Field({ description: 'False once the area has been replaced by successors' })
  current!: boolean;
  @Field(() => [String], { description: 'ONS GSS codes of the areas that replaced it' })
  successors!: string[];
  @Field(() => String, { nullable: true, description: 'First day of its successors' })
  replacedOn!: string | null;
  @Field(() => [String], { description: 'ONS GSS codes of the areas it replaced' })
  predecessors!: string[];
}
