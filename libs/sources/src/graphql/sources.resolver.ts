import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, CurrentRequest, historyScopeOf, RequestContext, Roles } from '@app/access';
import { Actor, Clock, commandContextOf, notFound } from '@app/kernel';
import {
  Cost,
  HISTORY_LENGTH_PRICE,
  HistoryEntryModel,
  listOf,
  toHistoryEntryModel,
} from '@app/platform';
import { ChangeSource } from '../change-source/change-source.command';
import type { SourceCommand } from '../domain/decide';
import { MAY_RECORD_SOURCES } from '../domain/policy';
import { SourceDetails, SourceKind } from '../domain/source.events';
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
    const { id, kind, title, publisher, publishedOn, url, themes } = input;
    const details = { kind, title, publisher, publishedOn, url: url ?? null, themes };
    return this.send({ kind: 'AddSource', id, details }, input, actor, request);
  }

  @Mutation(() => SourceModel, { description: 'Correct a source (reason required)' })
  @Roles(...MAY_RECORD_SOURCES)
  correctSource(
    @Args('input') input: CorrectSourceInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<Source> {
    const { id, kind, title, publisher, publishedOn, url, themes } = input;
    // Left out or null mean "as it is", but for the url, where null clears it.
    const given = Object.fromEntries(
      Object.entries({ kind, title, publisher, publishedOn, themes }).filter(
        ([, value]) => value !== null && value !== undefined,
      ),
    ) as Partial<SourceDetails>;
    const changes = url === undefined ? given : { ...given, url };
    return this.send({ kind: 'CorrectSource', id, changes }, input, actor, request);
  }

  private async send(
    command: SourceCommand,
    input: AddSourceInput | CorrectSourceInput,
    actor: Actor,
    request: RequestContext,
  ): Promise<Source> {
    const context = commandContextOf(input, actor, request.correlationId, this.clock.now());
    const { state } = await this.commands.execute(new ChangeSource(command, context));
    if (!state) throw notFound('Source', input.id);
    return state;
  }
}
