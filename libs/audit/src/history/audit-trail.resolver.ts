import { Args, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor, historyScopeOf } from '@app/access';
import { Actor, pageSize } from '@app/kernel';
import {
  Cost,
  HistoryEntryModel,
  inPage,
  PageInfoModel,
  pageOf,
  toHistoryEntryModel,
} from '@app/platform';
import { AuditFilterInput } from './audit-filter.input';
import { auditCursorOf, AuditTrailReadModel } from './audit-trail.read-model';
import { subjectsOf } from './stream-subjects';

@ObjectType('AuditTrailEdge')
export class AuditTrailEdgeModel {
  @Field({ description: 'Opaque: pass it as after to read on from this entry' }) cursor!: string;
  @Field(() => HistoryEntryModel) node!: HistoryEntryModel;
}

@ObjectType('AuditTrailConnection')
export class AuditTrailConnectionModel {
  @Field(() => [AuditTrailEdgeModel]) @Cost(inPage) edges!: AuditTrailEdgeModel[];
  @Field(() => [HistoryEntryModel]) @Cost(inPage) nodes!: HistoryEntryModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
  @Field(() => Int) totalCount!: number;
}

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
    // The trail is the record of who did what: it lists only the events whose who and why the
    // reader may see (a filter by actor must not find the others either).
    const scope = historyScopeOf(actor);
    const page = await this.trail.page(
      filter ?? {},
      scope,
      pageSize(first),
      after,
      newestFirst ?? false,
    );
    const edges = page.entries.map((event) => ({
      cursor: auditCursorOf(event),
      node: toHistoryEntryModel(event, scope, subjectsOf(event.streamId).areaCode),
    }));
    return {
      edges,
      nodes: edges.map((edge) => edge.node),
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    };
  }
}
