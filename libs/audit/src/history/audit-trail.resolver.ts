import { Args, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@app/access';
import { Actor, Cost, inPage, pageOf, pageSize, Role } from '@app/kernel';
import { HistoryEntryModel, PageInfoModel, toHistoryEntryModel } from '@app/recommendations';
import { AuditFilterInput } from './audit-filter.input';
import { AuditScope, AuditTrailReadModel } from './audit-trail.read-model';

@ObjectType('AuditTrailConnection')
export class AuditTrailConnectionModel {
  @Field(() => [HistoryEntryModel]) @Cost(inPage) nodes!: HistoryEntryModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
  @Field(() => Int) totalCount!: number;
}

/** Auditors, the board and admins read all of the history; a local authority its own area's. */
export const auditScopeOf = (actor: Actor): AuditScope => ({
  areaCode: actor.role === Role.LOCAL_AUTHORITY ? actor.organisation : null,
});

@Resolver()
export class AuditTrailResolver {
  constructor(private readonly trail: AuditTrailReadModel) {}

  @Query(() => AuditTrailConnectionModel, {
    description:
      'Every event with its metadata and global position, filtered: oldest first, or newest first',
  })
  @Cost(pageOf)
  async auditTrail(
    @Args('filter', { type: () => AuditFilterInput, nullable: true })
    filter: AuditFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, description: '1 to 100; 20 when left out' })
    first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('newestFirst', {
      type: () => Boolean,
      nullable: true,
      description: 'Newest first (after then pages towards older events); false when left out',
    })
    newestFirst: boolean | null,
    @CurrentActor() actor: Actor,
  ): Promise<AuditTrailConnectionModel> {
    const page = await this.trail.page(
      filter ?? {},
      auditScopeOf(actor),
      pageSize(first),
      after,
      newestFirst ?? false,
    );
    return {
      nodes: page.entries.map(toHistoryEntryModel),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
      totalCount: page.totalCount,
    };
  }
}
