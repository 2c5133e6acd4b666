import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AreaSuccessions, LocalAuthorityRegister } from '@app/areas';
import { EVENT_STORE, EventStore, runStreamCommand } from '@app/event-store';
import { Clock, isoDate } from '@app/kernel';
import { areaDecisionContext, areaRolloutStream, decideAreaRollout } from '../domain/area-rollout';
import { authorize } from '../domain/policy';
import { programmeStream } from '../domain/programme';
import { areaRolloutFolder, foldProgramme } from '../domain/recorded';
import { RolloutReadModel } from '../read-model/rollout.read-model';
import { AreaRolloutChange, ChangeAreaRollout } from './change-area-rollout.command';
import { readInheritance } from './inheritance';

@CommandHandler(ChangeAreaRollout)
export class ChangeAreaRolloutHandler implements ICommandHandler<
  ChangeAreaRollout,
  AreaRolloutChange
> {
  private readonly logger = new Logger('Rollout');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly areas: LocalAuthorityRegister,
    private readonly successions: AreaSuccessions,
    private readonly readModel: RolloutReadModel,
  ) {}

  async execute({
    programmeId,
    areaCode,
    command,
    context,
  }: ChangeAreaRollout): Promise<AreaRolloutChange> {
    authorize(context.actor, { ...command, areaCode });
    const programme = foldProgramme(await this.store.readStream(programmeStream(programmeId)));
    const successions = await this.successions.current();
    const now = this.clock.now();
    const inheritance = await readInheritance(
      this.store,
      programmeId,
      areaCode,
      successions,
      isoDate(now),
    );
    const streamId = areaRolloutStream(programmeId, areaCode);
    const result = await runStreamCommand(this.store, {
      streamId,
      kind: command.kind,
      context,
      fold: areaRolloutFolder(streamId),
      decide: (state) =>
        decideAreaRollout(
          command,
          state,
          areaDecisionContext(this.areas, {
            reason: context.reason,
            occurredAt: context.occurredAt,
            now,
            programmeId,
            areaCode,
            programme,
            succession: successions.get(areaCode) ?? null,
            inheritance,
          }),
        ),
    });
    this.logger.log({
      msg: result.duplicate ? 'command already handled' : 'command handled',
      command: command.kind,
      programme: programmeId,
      area: areaCode,
      version: result.version,
      commandId: context.commandId,
      correlationId: context.correlationId,
      actor: context.actor.id,
    });
    // Read your writes: roll-ups include the change once the caller hears back.
    if (result.position !== null) await this.readModel.waitFor(result.position, streamId);
    return { ...result, programme, successions };
  }
}
