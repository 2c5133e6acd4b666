import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, CurrentRequest, RequestContext, Roles } from '@app/access';
import { Actor, Clock, commandContextOf, notFound } from '@app/kernel';
import { Cost, listOf } from '@app/platform';
import { Evaluation, EvaluationCommand, EvaluationSubjectKind } from '../domain/evaluation';
import { MAY_RECORD_EVALUATIONS } from '../domain/policy';
import { ChangeEvaluation } from '../record-evaluation/change-evaluation.command';
import { EvaluationsReadModel } from '../read-model/evaluations.read-model';
import { CorrectEvaluationInput, RecordEvaluationInput } from './evaluation.inputs';
import { EvaluationModel } from './evaluation.models';

/** Priced as a hundred: far more evaluations than the programmes and register have had. */
const MOST_EVALUATIONS = 100;

/** Evaluation findings: everyone reads them; the board and admins record and correct them. */
@Resolver(() => EvaluationModel)
export class EvaluationsResolver {
  constructor(
    private readonly readModel: EvaluationsReadModel,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Query(() => [EvaluationModel], {
    description: 'Published evaluations, latest first: all, or those of one subject',
  })
  @Cost(listOf(MOST_EVALUATIONS))
  evaluations(
    @Args('subjectKind', { type: () => EvaluationSubjectKind, nullable: true })
    subjectKind: EvaluationSubjectKind | null,
    @Args('subjectId', { type: () => ID, nullable: true }) subjectId: string | null,
  ): Promise<Evaluation[]> {
    return this.readModel.list({ subjectKind, subjectId });
  }

  @Mutation(() => EvaluationModel, {
    description: 'Record a published evaluation of a programme or recommendation',
  })
  @Roles(...MAY_RECORD_EVALUATIONS)
  recordEvaluation(
    @Args('input') input: RecordEvaluationInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<Evaluation> {
    const { id, subject, publishedOn, evaluator, finding, url, summary } = input;
    return this.send(
      {
        kind: 'RecordEvaluation',
        id,
        subject: { kind: subject.kind, id: subject.id },
        publishedOn,
        evaluator,
        finding,
        url,
        summary,
      },
      input,
      actor,
      request,
    );
  }

  @Mutation(() => EvaluationModel, {
    description: 'Correct a recorded evaluation: only the fields given change',
  })
  @Roles(...MAY_RECORD_EVALUATIONS)
  correctEvaluation(
    @Args('input') input: CorrectEvaluationInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<Evaluation> {
    return this.send(
      { kind: 'CorrectEvaluation', id: input.id, changes: input.changes() },
      input,
      actor,
      request,
    );
  }

  private async send(
    command: EvaluationCommand,
    input: RecordEvaluationInput | CorrectEvaluationInput,
    actor: Actor,
    request: RequestContext,
  ): Promise<Evaluation> {
    const context = commandContextOf(input, actor, request.correlationId, this.clock.now());
    const change = await this.commands.execute(new ChangeEvaluation(command, context));
    if (!change.state) throw notFound('Evaluation', command.id);
    return change.state;
  }
}
