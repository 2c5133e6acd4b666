import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, CurrentRequest, historyScopeOf, RequestContext, Roles } from '@app/access';
import { Actor, Clock, notFound } from '@app/kernel';
import {
  Cost,
  HISTORY_LENGTH_PRICE,
  HistoryEntryModel,
  listOf,
  toHistoryEntryModel,
} from '@app/platform';
import { ChangeSource } from '../change-source/change-source.command';
import { addSource, correctSource } from '../change-source/source-requests';
import { MAY_RECORD_SOURCES } from '../domain/policy';
import { SourceKind } from '../domain/source.events';
import type { Source } from '../domain/source.state';
import { SourcesReadModel } from '../read-model/sources.read-model';
import { StoreSourceCatalogue } from '../store-source-catalogue';
import { AddSourceInput, CorrectSourceInput } from './source.inputs';
import { SourceModel } from './source.model';

/** Sources are listed whole: priced as five hundred, more than any register holds. */
const MOST_SOURCES = 500;

/** Reads for every role, as the register; adding and correcting for the board. No rules here. */
@Resolver(() => SourceModel)
export class SourcesResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly catalogue: StoreSourceCatalogue,
    private readonly readModel: SourcesReadModel,
    private readonly clock: Clock,
  ) {}

  @Query(() => SourceModel, { description: 'One source, as it stands now' })
  async source(@Args('id', { type: () => ID }) id: string): Promise<Source> {
    const found = await this.catalogue.find(id);
    if (!found) throw notFound('Source', id);
    return found;
  }

  @Query(() => [SourceModel], { description: 'The sources, oldest first' })
  @Cost(listOf(MOST_SOURCES))
  sources(
    @Args('kind', { type: () => SourceKind, nullable: true }) kind: SourceKind | null,
  ): Promise<Source[]> {
    return this.readModel.list({ kind });
  }

  @ResolveField(() => [HistoryEntryModel], {
    description: 'Every event of this source, oldest first',
  })
  @Cost(listOf(HISTORY_LENGTH_PRICE))
  async history(
    @Parent() source: Source,
    @CurrentActor() reader: Actor,
  ): Promise<HistoryEntryModel[]> {
    const scope = historyScopeOf(reader);
    // A source's events are national: about no area.
    return (await this.catalogue.events(source.id))
      .slice(0, source.version)
      .map((event) => toHistoryEntryModel(event, scope, null));
  }

  @Mutation(() => SourceModel, { description: 'Add a source: a review, report, response...' })
  @Roles(...MAY_RECORD_SOURCES)
  addSource(
    @Args('input') input: AddSourceInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<Source> {
    return this.send(addSource(input, actor, request.correlationId, this.clock.now()));
  }

  @Mutation(() => SourceModel, { description: 'Correct a source (reason required)' })
  @Roles(...MAY_RECORD_SOURCES)
  correctSource(
    @Args('input') input: CorrectSourceInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<Source> {
    return this.send(correctSource(input, actor, request.correlationId, this.clock.now()));
  }

  private async send(command: ChangeSource): Promise<Source> {
    const { state } = await this.commands.execute(command);
    if (!state) throw notFound('Source', command.command.id);
    return state;
  }
}
