import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateScalar } from '@app/platform';
import { EvaluationSubjectKind, Finding } from '../domain/evaluation';

registerEnumType(EvaluationSubjectKind, {
  name: 'EvaluationSubjectKind',
  description: 'What an evaluation is about',
});
registerEnumType(Finding, {
  name: 'Finding',
  description: 'What an evaluation found: positive, no effect, negative or mixed',
});

@ObjectType('EvaluationSubject', { description: 'The programme or recommendation evaluated' })
export class EvaluationSubjectModel {
  @Field(() => EvaluationSubjectKind) kind!: EvaluationSubjectKind;
  @Field(() => ID, { description: 'The programme id or recommendation id' }) id!: string;
}

@ObjectType('Evaluation', {
  description: 'A published evaluation of a programme or recommendation, and what it found',
})
export class EvaluationModel {
  @Field(() => ID) id!: string;
  @Field(() => EvaluationSubjectModel) subject!: EvaluationSubjectModel;
  @Field(() => DateScalar, { description: 'When it was published' }) publishedOn!: string;
  @Field({ description: 'Who carried out the evaluation' }) evaluator!: string;
  @Field(() => Finding) finding!: Finding;
  @Field({ description: 'Where it can be read' }) url!: string;
  @Field({ description: 'What it found, in a few sentences' }) summary!: string;
  @Field(() => Int, { description: "The evaluation stream's version, for expectedVersion" })
  version!: number;
}
