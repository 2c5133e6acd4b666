import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@app/access';
import { type Actor, historyScopeOf } from '@app/kernel';
import { HistoryEntryModel, toHistoryEntryModel } from '@app/platform';
import { parseAreaRolloutStream } from '../domain/area-rollout';
import { AreaRolloutModel } from './rollout.models';
import type { AreaRolloutAnswer } from './to-models';

/** An area rollout's timeline, read from the streams only when a query or an answer asks for it. */
@Resolver(() => AreaRolloutModel)
export class AreaRolloutResolver {
  @ResolveField()
  async timeline(
    @Parent() area: AreaRolloutAnswer,
    @CurrentActor() reader: Actor,
  ): Promise<HistoryEntryModel[]> {
    const scope = historyScopeOf(reader);
    // Each event is about the area of its own stream: this one's, or a former area's it carries.
    return (await area.events()).map((event) =>
      toHistoryEntryModel(event, scope, parseAreaRolloutStream(event.streamId).areaCode),
    );
  }
}
