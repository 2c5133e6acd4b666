import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, RecordedEvent } from '@app/event-store';
import { CURRENT, isCurrent, SourceCatalogue, TimeSlice } from '@app/kernel';
import { LinkRelation, recommendationStream } from '../domain/recommendation.events';
import type { RecommendationState } from '../domain/recommendation.state';
import { foldStored, visibleIn } from '../domain/recorded';
import { countByStage, Stage } from '../domain/stage';
import {
  RecommendationFilter,
  RecommendationPage,
  RecommendationsReadModel,
} from '../read-model/recommendations.read-model';

export interface RecommendationWithHistory {
  state: RecommendationState;
  events: RecordedEvent[];
}

/** What the recommendations context answers: single ones from their streams, lists from the read model. */
@Injectable()
export class RecommendationQueries {
  constructor(
    private readonly readModel: RecommendationsReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly sources: SourceCatalogue,
  ) {}

  /**
   * Its source by title and link, as the source stands now; older proposals named theirs in
   * free text.
   */
  async sourceOf(
    state: Pick<RecommendationState, 'sourceId' | 'source'>,
  ): Promise<{ name: string; url: string | null }> {
    const found = state.sourceId ? await this.sources.find(state.sourceId) : null;
    if (found) return { name: found.title, url: found.url };
    return state.source ?? { name: state.sourceId ?? 'Unknown source', url: null };
  }

  /**
   * One recommendation folded from its own stream: never behind a projection. In a time slice,
   * only the events recorded by asOf that had happened by validAt are folded.
   */
  async recommendation(
    id: string,
    slice: TimeSlice = CURRENT,
  ): Promise<RecommendationWithHistory | null> {
    const events = visibleIn(await this.store.readStream(recommendationStream(id)), slice);
    const state = foldStored(events);
    return state ? { state, events } : null;
  }

  list(
    filter: RecommendationFilter,
    first: number,
    after: string | null,
  ): Promise<RecommendationPage> {
    return this.readModel.list(filter, first, after);
  }

  /** Counts by stage from the read model, or, in a time slice, by folding every recommendation. */
  async stageCounts(slice: TimeSlice = CURRENT): Promise<{ stage: Stage; count: number }[]> {
    if (isCurrent(slice)) return this.readModel.stageCounts();
    return countByStage((await this.all(slice)).map((state) => state.stage));
  }

  /**
   * The links other recommendations make to this one, as the slice sees them, each named by the
   * other's id. Candidates come from the read model; each is read in the slice.
   */
  async linkedFrom(
    id: string,
    slice: TimeSlice = CURRENT,
  ): Promise<{ relation: LinkRelation; otherId: string; linkedAt: string }[]> {
    const candidates = await this.readModel.linkingTo(id);
    const states = isCurrent(slice)
      ? candidates
      : await Promise.all(
          candidates.map(async (state) => (await this.recommendation(state.id, slice))?.state),
        );
    return states.flatMap((state) =>
      (state?.links ?? [])
        .filter((link) => link.otherId === id)
        .map((link) => ({ relation: link.relation, otherId: state!.id, linkedAt: link.linkedAt })),
    );
  }

  /** Every recommendation as a slice sees it, by id, each folded from its stream. */
  async all(slice: TimeSlice = CURRENT): Promise<RecommendationState[]> {
    const states = await Promise.all(
      (await this.readModel.ids()).map(async (id) => (await this.recommendation(id, slice))?.state),
    );
    return states.filter((state): state is RecommendationState => state !== undefined);
  }
}
