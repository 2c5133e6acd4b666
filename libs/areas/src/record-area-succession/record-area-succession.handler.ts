import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, runStreamCommand, StreamCommandResult } from '@app/event-store';
import { authorize } from '../domain/policy';
import { LocalAuthorityRegister } from '../local-authorities';
import {
  areaStream,
  decideSuccession,
  foldSuccession,
  Succession,
} from '../domain/area-succession';
import { RecordAreaSuccession } from './record-area-succession.command';

@CommandHandler(RecordAreaSuccession)
export class RecordAreaSuccessionHandler implements ICommandHandler<
  RecordAreaSuccession,
  StreamCommandResult<Succession>
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly areas: LocalAuthorityRegister,
  ) {}

  async execute({
    command,
    context,
  }: RecordAreaSuccession): Promise<StreamCommandResult<Succession>> {
    authorize(context.actor, command);
    return runStreamCommand(this.store, {
      streamId: areaStream(command.areaCode),
      kind: 'RecordAreaSuccession',
      context,
      fold: foldSuccession,
      decide: (current) =>
        decideSuccession(command, current, {
          reason: context.reason,
          isKnownArea: (code) => this.areas.has(code),
        }),
    });
  }
}
