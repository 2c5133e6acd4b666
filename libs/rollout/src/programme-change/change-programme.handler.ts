import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, runStreamCommand } from '@app/event-store';
import { Clock } from '@app/kernel';
import { recommendationStream } from '@app/recommendations';
import { authorize } from '../domain/policy';
import { decideProgramme, programmeStream } from '../domain/programme';
import { foldProgramme } from '../domain/recorded';
import { RolloutReadModel } from '../read-model/rollout.read-model';
import { ChangeProgramme, ProgrammeChange } from './change-programme.command';

@CommandHandler(ChangeProgramme)
export class ChangeProgrammeHandler implements ICommandHandler<ChangeProgramme, ProgrammeChange> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: RolloutReadModel,
    private readonly clock: Clock,
  ) {}

  async execute({ command, context }: ChangeProgramme): Promise<ProgrammeChange> {
    authorize(context.actor, command);
    const known = await this.knownRecommendations(
      command.kind === 'CreateProgramme' ? command.recommendations : [],
    );
    const streamId = programmeStream(command.id);
    const result = await runStreamCommand(this.store, {
      streamId,
      kind: command.kind,
      context,
      fold: foldProgramme,
      decide: (state) =>
        decideProgramme(command, state, {
          occurredAt: context.occurredAt,
          now: this.clock.now(),
          isKnownRecommendation: (id) => known.has(id),
        }),
    });
    // Read your writes: the programme's queries include the change once the caller hears back.
    if (result.position !== null) await this.readModel.waitFor(result.position, streamId);
    return result;
  }

  private async knownRecommendations(ids: readonly string[]): Promise<Set<string>> {
    const found = await Promise.all(
      ids.map(async (id) => {
        const events = await this.store.readStream(recommendationStream(id), { maxCount: 1 });
        return events.length > 0 ? id : null;
      }),
    );
    return new Set(found.filter((id): id is string => id !== null));
  }
}
