import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateScalar } from '@app/platform';

@ObjectType('LocalAuthority', {
  description: "An English local authority with children's services duties, current or former",
})
export class LocalAuthorityModel {
  @Field(() => ID, { description: 'ONS GSS code' }) areaCode!: string;
  @Field() name!: string;
  @Field(() => ID, { description: 'DfE local authority number' }) dfeCode!: string;
  @Field({ description: 'unitary, metropolitan, london or county' }) type!: string;
  @Field(() => ID) regionCode!: string;
  @Field() regionName!: string;
  @Field({ description: 'False once the area has been replaced by successors' })
  current!: boolean;
  @Field(() => [ID], { description: 'ONS GSS codes of the areas that replaced it' })
  successors!: string[];
  @Field(() => DateScalar, { nullable: true, description: 'First day of its successors' })
  replacedOn!: string | null;
  @Field(() => [ID], { description: 'ONS GSS codes of the areas it replaced' })
  predecessors!: string[];
}
