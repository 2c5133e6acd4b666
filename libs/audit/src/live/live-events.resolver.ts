import { Args, InputType, PickType, Resolver, Subscription } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { CurrentActor, CurrentRequest, historyScopeOf, RequestContext } from '@app/access';
import type { RecordedEvent } from '@app/event-store';
import type { Actor } from '@app/kernel';
import { HistoryEntryModel, toHistoryEntryModel } from '@app/platform';
import { auditFilterPredicate } from '../history/audit-filter';
import { subjectsOf } from '../history/stream-subjects';
import { AuditFilterInput } from '../history/audit-filter.input';
import { LiveEvents } from './live-events';

@InputType({ description: 'Only events about this recommendation, programme or area' })
export class LiveEventFilterInput extends PickType(
  AuditFilterInput,
  ['recommendationId', 'programmeId', 'areaCode'],
  InputType,
) {}

@Resolver()
export class LiveEventsResolver {
  constructor(private readonly live: LiveEvents) {}

  @Subscription(() => HistoryEntryModel, {
    description:
      'Each new event as it is stored; a local authority hears only its own area and its own acts',
    resolve: (
      event: Partial<RecordedEvent> | undefined,
      _args: unknown,
      context: RequestContext,
    ) => {
      // Over HTTP Mercurius runs a subscription as a query, with no event: refuse it plainly
      // rather than fail on the missing event (found by the reliability suite).
      if (!event?.metadata) {
        throw new GraphQLError(
          'Subscriptions are served over WebSocket (graphql-transport-ws on /graphql), not HTTP',
        );
      }
      const { streamId } = event as RecordedEvent;
      // The access guard put the subscriber on the context; the feed already holds only what
      // it may see in full.
      return toHistoryEntryModel(
        event as RecordedEvent,
        historyScopeOf(context.actor!),
        subjectsOf(streamId).areaCode,
      );
    },
  })
  eventRecorded(
    @Args('filter', { type: () => LiveEventFilterInput, nullable: true })
    filter: LiveEventFilterInput | null,
    @CurrentActor() actor: Actor,
    @CurrentRequest() { liveConnection }: RequestContext,
  ): AsyncIterableIterator<RecordedEvent> {
    if (!liveConnection) throw new GraphQLError('Subscriptions are served over WebSocket only');
    // Counted against the connection's and the token's limits until it ends.
    return liveConnection.openSubscription((ended) =>
      this.live.listen(auditFilterPredicate(filter ?? {}, historyScopeOf(actor)), ended),
    );
  }
}
