import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { commandHandledEntry, EVENT_STORE, EventStore, runStreamCommand } from '@app/event-store';
import { Clock } from '@app/kernel';
import { decide } from '../domain/decide';
import { authorize } from '../domain/policy';
import { foldStored } from '../domain/recorded';
import { sourceStream } from '../domain/source.events';
import { SourcesReadModel } from '../read-model/sources.read-model';
import { ChangeSource, SourceChange } from './change-source.command';

@CommandHandler(ChangeSource)
export class ChangeSourceHandler implements ICommandHandler<ChangeSource, SourceChange> {
  private readonly logger = new Logger('Sources');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly readModel: SourcesReadModel,
  ) {}

  async execute({ command, context }: ChangeSource): Promise<SourceChange> {
    authorize(context.actor, command);
    const result = await runStreamCommand(this.store, {
      streamId: sourceStream(command.id),
      kind: command.kind,
      context,
      fold: foldStored,
      now: () => this.clock.now(),
      decide: (state, attempt) =>
        decide(command, state, {
          occurredAt: attempt.occurredAt,
          reason: attempt.reason,
          now: this.clock.now(),
        }),
    });
    this.logger.log(commandHandledEntry(command.kind, context, { source: command.id }, result));
    // Read your writes: lists include the change once the caller hears back.
    if (result.position !== null) await this.readModel.waitFor(result.position);
    return result;
  }
}
