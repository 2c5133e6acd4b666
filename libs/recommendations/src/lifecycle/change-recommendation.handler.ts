import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LocalAuthorityRegister } from '@app/areas';
import { commandHandledEntry, EVENT_STORE, EventStore, runStreamCommand } from '@app/event-store';
import { Clock, SourceCatalogue, type SourceOfRecommendations } from '@app/kernel';
import { decide } from '../domain/decide';
import { authorize } from '../domain/policy';
import { recommendationStream } from '../domain/recommendation.events';
import { foldStored } from '../domain/recorded';
import { RecommendationsReadModel } from '../read-model/recommendations.read-model';
import { ChangeRecommendation, RecommendationChange } from './change-recommendation.command';

@CommandHandler(ChangeRecommendation)
export class ChangeRecommendationHandler implements ICommandHandler<
  ChangeRecommendation,
  RecommendationChange
> {
  private readonly logger = new Logger('Recommendations');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly areas: LocalAuthorityRegister,
    private readonly sources: SourceCatalogue,
    private readonly readModel: RecommendationsReadModel,
  ) {}

  async execute({ command, context }: ChangeRecommendation): Promise<RecommendationChange> {
    authorize(context.actor, command);
    // What the decision consults from elsewhere, read before it: the source as it stands, and
    // whether a link's other end exists (a link is recorded on this recommendation's stream).
    const source: SourceOfRecommendations | null =
      command.kind === 'ProposeRecommendation' ? await this.sources.find(command.sourceId) : null;
    const otherExists =
      command.kind === 'LinkRecommendations' &&
      foldStored(await this.store.readStream(recommendationStream(command.otherId))) !== null;
    const result = await runStreamCommand(this.store, {
      streamId: recommendationStream(command.id),
      kind: command.kind,
      context,
      fold: foldStored,
      now: () => this.clock.now(),
      decide: (state, attempt) =>
        decide(command, state, {
          occurredAt: attempt.occurredAt,
          reason: attempt.reason,
          now: this.clock.now(),
          isKnownArea: (code) => this.areas.has(code),
          source,
          otherExists,
        }),
    });
    this.logger.log(
      commandHandledEntry(command.kind, context, { recommendation: command.id }, result),
    );
    // Read your writes: lists and counts include the change once the caller hears back.
    if (result.position !== null) await this.readModel.waitFor(result.position);
    return result;
  }
}
