import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AreaSuccessions, LocalAuthorityRegister } from '@app/areas';
import { commandHandledEntry, EVENT_STORE, EventStore } from '@app/event-store';
import { Clock, isoDate } from '@app/kernel';
import { AreaRollouts } from '../area-rollouts/area-rollouts';
import { areaDecisionContext, decideAreaRollout, inheritanceOf } from '../domain/area-rollout';
import { authorize } from '../domain/policy';
import { programmeStream } from '../domain/programme';
import { foldProgramme } from '../domain/recorded';
import { withBusinessDate } from './business-date';
import { AreaRolloutChange, ChangeAreaRollout } from './change-area-rollout.command';

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
    private readonly rollouts: AreaRollouts,
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
    const formers = await this.rollouts.formersOf(programmeId, areaCode, successions);
    const inheritance = inheritanceOf(
      areaCode,
      successions,
      (former) => formers.get(former) ?? null,
      isoDate(now),
    );
    const envelope = withBusinessDate(command, context);
    // Read your writes: once it answers, roll-ups include the change.
    const result = await this.rollouts.change(programmeId, areaCode, {
      kind: command.kind,
      context: envelope,
      decide: (state) =>
        decideAreaRollout(
          command,
          state,
          areaDecisionContext(this.areas, {
            reason: envelope.reason,
            occurredAt: envelope.occurredAt,
            now,
            programmeId,
            areaCode,
            programme,
            succession: successions.get(areaCode) ?? null,
            inheritance,
          }),
        ),
    });
    this.logger.log(
      commandHandledEntry(
        command.kind,
        context,
        { programme: programmeId, area: areaCode },
        result,
      ),
    );
    return { ...result, programme, successions, formers };
  }
}
