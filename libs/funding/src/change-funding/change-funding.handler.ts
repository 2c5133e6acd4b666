import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AreaSuccessions, LocalAuthorityRegister } from '@app/areas';
import {
  commandHandledEntry,
  EVENT_STORE,
  EventStore,
  runStreamCommand,
  StreamCommandResult,
} from '@app/event-store';
import { Clock, isoDate } from '@app/kernel';
import { programmeStream } from '@app/rollout';
import {
  decideFunding,
  foldFunding,
  fundingStream,
  type FundingState,
} from '../domain/grant-allocation';
import { authorize } from '../domain/policy';
import { FundingReadModel } from '../read-model/funding.read-model';
import { ChangeFunding } from './change-funding.command';

@CommandHandler(ChangeFunding)
export class ChangeFundingHandler implements ICommandHandler<
  ChangeFunding,
  StreamCommandResult<FundingState>
> {
  private readonly logger = new Logger('Funding');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly areas: LocalAuthorityRegister,
    private readonly successions: AreaSuccessions,
    private readonly readModel: FundingReadModel,
  ) {}

  async execute({ command, context }: ChangeFunding): Promise<StreamCommandResult<FundingState>> {
    authorize(context.actor, command);
    const { programmeId } = command;
    // A programme exists once its own stream has begun (as the rollout context checks it).
    const programmeExists = (await this.store.readStream(programmeStream(programmeId))).length > 0;
    const successions = await this.successions.current();
    const result = await runStreamCommand(this.store, {
      streamId: fundingStream(programmeId),
      kind: command.kind,
      context,
      fold: (events) => foldFunding(programmeId, events),
      decide: (state, attempt) =>
        decideFunding(command, state, {
          today: isoDate(this.clock.now()),
          reason: attempt.reason,
          programmeExists,
          isKnownArea: (code) => this.areas.has(code),
          succession: (code) => successions.get(code) ?? null,
          areaName: (code) => this.areas.get(code)?.name ?? code,
        }),
    });
    this.logger.log(
      commandHandledEntry(
        command.kind,
        context,
        { programme: programmeId, allocation: allocationIdOf(command) },
        result,
      ),
    );
    // Read your writes: lists and totals include the change once the caller hears back.
    if (result.position !== null) await this.readModel.waitFor(result.position);
    return result;
  }
}

const allocationIdOf = (command: ChangeFunding['command']): string => command.allocationId;
