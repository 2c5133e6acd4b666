import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, CurrentRequest, RequestContext, Roles } from '@app/access';
import { Actor, Clock, commandContextOf } from '@app/kernel';
import { Cost, listOf } from '@app/platform';
import { MAY_RECORD_SUCCESSION } from '../domain/policy';
import { LocalAuthority, LocalAuthorityRegister } from '../local-authorities';
import { RecordAreaSuccession } from '../record-area-succession/record-area-succession.command';
import { RecordAreaSuccessionInput } from '../record-area-succession/record-area-succession.input';
import type { Succession } from '../domain/area-succession';
import { AreaSuccessions } from '../succession/area-successions';
import { LocalAuthorityModel } from './local-authority.model';

@Resolver(() => LocalAuthorityModel)
export class LocalAuthorityResolver {
  constructor(
    private readonly register: LocalAuthorityRegister,
    private readonly successions: AreaSuccessions,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Query(() => [LocalAuthorityModel], {
    description:
      'The local authorities, current and former, by name; region is a region code (E12000002) or name (North West)',
  })
  @Cost(listOf('areas'))
  async localAuthorities(
    @Args('region', { type: () => String, nullable: true }) region: string | null,
  ): Promise<LocalAuthorityModel[]> {
    const regionCode = region ? this.register.regionCodeOf(region) : null;
    const successions = await this.successions.current();
    return [...this.register.all, ...this.register.former]
      .filter((authority) => !regionCode || authority.regionCode === regionCode)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((authority) => toModel(authority, successions));
  }

  @Mutation(() => LocalAuthorityModel, {
    description: 'Record that an area was replaced by successors from a date (reorganisation)',
  })
  @Roles(...MAY_RECORD_SUCCESSION)
  async recordAreaSuccession(
    @Args('input') input: RecordAreaSuccessionInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<LocalAuthorityModel> {
    const context = commandContextOf(input, actor, request.correlationId, this.clock.now());
    const { areaCode, successors, effectiveFrom } = input;
    await this.commands.execute(
      new RecordAreaSuccession({ areaCode, successors, effectiveFrom }, context),
    );
    return toModel(this.register.get(areaCode)!, await this.successions.current());
  }
}

function toModel(
  authority: LocalAuthority,
  successions: ReadonlyMap<string, Succession>,
): LocalAuthorityModel {
  const succession = successions.get(authority.areaCode);
  return {
    ...authority,
    current: !succession,
    successors: succession?.successors ?? [],
    replacedOn: succession?.effectiveFrom ?? null,
    predecessors: [...successions.values()]
      .filter((candidate) => candidate.successors.includes(authority.areaCode))
      .map((candidate) => candidate.areaCode),
  };
}
