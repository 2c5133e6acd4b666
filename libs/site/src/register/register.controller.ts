import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Clock, isCurrent, type TimeSlice } from '@app/kernel';
import {
  RECOMMENDATION_ID_PATTERN,
  RecommendationQueries,
  RecommendationState,
} from '@app/recommendations';
import { EvaluationSubjectKind } from '@app/evaluations';
import { ProgrammeRollups } from '@app/rollout';
import { EvaluationFindings } from '../evaluations/evaluation-findings';
import { recommendationFeed } from '../feeds/atom-feed';
import { asOfQuery } from '../layout/as-of';
import { PublicPage } from '../layout/public-page';
import {
  LinkEnd,
  recommendationView,
  registerFilterOf,
  registerView,
  SourceLink,
} from './register-view';

type PageQuery = Record<string, unknown>;

/** The public register of recommendations, and a page per recommendation. */
@Controller('register')
export class RegisterController {
  constructor(
    private readonly queries: RecommendationQueries,
    private readonly clock: Clock,
    private readonly findings: EvaluationFindings,
    private readonly rollups: ProgrammeRollups,
  ) {}

  @Get()
  @PublicPage()
  async register(@Query() query: PageQuery, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const asOf = asOfQuery(query, this.clock.now());
    const filter = registerFilterOf(query);
    const states = await this.queries.all(asOf.slice);
    const sources = new Map<string, SourceLink>();
    for (const state of states) sources.set(state.id, await this.queries.sourceOf(state));
    return reply.view('register/index.njk', {
      ...asOf,
      filter,
      register: registerView(states, sources, filter, asOf.query),
    });
  }

  @Get(':id')
  @PublicPage()
  async recommendation(
    @Param('id') id: string,
    @Query() query: PageQuery,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    if (!RECOMMENDATION_ID_PATTERN.test(id)) throw new NotFoundException();
    const asOf = asOfQuery(query, this.clock.now());
    const found = await this.queries.recommendation(id, asOf.slice);
    if (found)
      return reply.view('register/recommendation.njk', {
        ...asOf,
        feed: recommendationFeed(id, found.state.title),
        recommendation: recommendationView(
          found.state,
          found.events,
          await this.queries.sourceOf(found.state),
          await this.linksOf(found.state, asOf.slice),
        ),
        findings: await this.findings.of(EvaluationSubjectKind.RECOMMENDATION, id, asOf.slice),
        // The other way round from a programme's page: the programmes that deliver it.
        programmes: (await this.rollups.programmesIn(asOf.slice))
          .filter((programme) => programme.recommendations.includes(id))
          .map(({ id: programmeId, name }) => ({ id: programmeId, name })),
      });
    // Asked about a time before it was recorded: say so, rather than "not found".
    const now = isCurrent(asOf.slice) ? null : await this.queries.recommendation(id);
    if (!now) throw new NotFoundException();
    return reply.view('register/not-yet.njk', {
      ...asOf,
      feed: recommendationFeed(id, now.state.title),
      id,
      title: now.state.title,
    });
  }

  /** Its links both ways, each with the other's title as the slice sees it. */
  private async linksOf(state: RecommendationState, slice: TimeSlice): Promise<LinkEnd[]> {
    const ends = [
      ...state.links.map((link) => ({ ...link, inbound: false })),
      ...(await this.queries.linkedFrom(state.id, slice)).map((link) => ({
        ...link,
        inbound: true,
      })),
    ];
    return Promise.all(
      ends.map(async (end) => ({
        relation: end.relation,
        otherId: end.otherId,
        inbound: end.inbound,
        otherTitle: (await this.queries.recommendation(end.otherId, slice))?.state.title ?? null,
      })),
    );
  }
}
