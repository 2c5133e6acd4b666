import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  commandHandledEntry,
  EVENT_STORE,
  EventStore,
  runStreamCommand,
  type StoredFact,
} from '@app/event-store';
import { Clock, CommandContext, isoDate, startOfBusinessDay } from '@app/kernel';
import { recommendationStream } from '@app/recommendations';
import { programmeStream } from '@app/rollout';
import {
  decideEvaluation,
  EvaluationCommand,
  EvaluationEvent,
  EvaluationSubjectKind,
  evaluationStream,
  foldEvaluation,
} from '../domain/evaluation';
import { authorize } from '../domain/policy';
import { EvaluationsReadModel } from '../read-model/evaluations.read-model';
import { ChangeEvaluation, EvaluationChange } from './change-evaluation.command';

const fold = (events: readonly StoredFact[]) =>
  foldEvaluation(events.map(({ type, data }) => ({ type, data }) as EvaluationEvent));

@CommandHandler(ChangeEvaluation)
export class ChangeEvaluationHandler implements ICommandHandler<
  ChangeEvaluation,
  EvaluationChange
> {
  private readonly logger = new Logger('Evaluations');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly readModel: EvaluationsReadModel,
  ) {}

  async execute({ command, context }: ChangeEvaluation): Promise<EvaluationChange> {
    authorize(context.actor, command);
    const subjectExists = await this.subjectExists(command);
    const streamId = evaluationStream(command.id);
    const result = await runStreamCommand(this.store, {
      streamId,
      kind: command.kind,
      context: withPublicationDate(command, context),
      fold,
      decide: (state, attempt) =>
        decideEvaluation(command, state, {
          occurredAt: attempt.occurredAt,
          now: this.clock.now(),
          today: isoDate(this.clock.now()),
          subjectExists,
        }),
    });
    this.logger.log(commandHandledEntry(command.kind, context, { evaluation: command.id }, result));
    // Read your writes: lists include the change once the caller hears back.
    if (result.position !== null) await this.readModel.waitFor(result.position);
    return result;
  }

  /** As programmes check their recommendations: the subject exists when its stream has events. */
  private async subjectExists(command: EvaluationCommand): Promise<boolean> {
    if (command.kind !== 'RecordEvaluation') return true;
    const { kind, id } = command.subject;
    const stream =
      kind === EvaluationSubjectKind.PROGRAMME ? programmeStream(id) : recommendationStream(id);
    return (await this.store.readStream(stream, { maxCount: 1 })).length > 0;
  }
}

/**
 * A caller's request that leaves occurredAt out means the day the evaluation was published,
 * from the start of that day in England; a correction happens when made. An envelope built
 * without a request (seeding) names its occurredAt itself.
 */
function withPublicationDate(command: EvaluationCommand, context: CommandContext): CommandContext {
  if (command.kind !== 'RecordEvaluation' || !context.request || context.request.occurredAt) {
    return context;
  }
  return { ...context, occurredAt: startOfBusinessDay(command.publishedOn) };
}
