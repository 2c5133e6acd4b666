import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditFilter } from '@app/audit';
import { Clock } from '@app/kernel';
import { RecommendationQueries } from '@app/recommendations';
import { ProgrammeRollups } from '@app/rollout';
import { asOfQuery } from '../layout/as-of';
import { PublicPage, refuseDateProblems } from '../layout/public-page';
import { SiteSettings } from '../layout/site-settings';
import { PublicHistory } from '../public-view/public-history';
import {
  atomFeed,
  CHANGES_FEED,
  feedAsOf,
  programmeFeed,
  recommendationFeed,
  type FeedSubject,
} from './atom-feed';

type PageQuery = Record<string, unknown>;

/** How many of the newest changes a feed carries. */
const FEED_LENGTH = 50;

/** `<id>.atom` names a feed; anything else is no feed. */
const idOf = (file: string): string => {
  const id = /^(.+)\.atom$/.exec(file)?.[1];
  if (!id) throw new NotFoundException(`There is no feed ${file}`);
  return id;
};

/**
 * Atom feeds of the public changes: the whole tracker's, a recommendation's, a programme's. Each
 * takes the pages' "as of" query (`?asOf=2026-01-31`, `?validAt=...`): then it lists only what
 * had been recorded, and had happened, by then.
 */
@Controller('feeds')
export class FeedsController {
  constructor(
    private readonly history: PublicHistory,
    private readonly recommendations: RecommendationQueries,
    private readonly rollups: ProgrammeRollups,
    private readonly settings: SiteSettings,
    private readonly clock: Clock,
  ) {}

  @Get('changes.atom')
  @PublicPage()
  changes(
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.send(query, request, reply, CHANGES_FEED, {});
  }

  @Get('recommendations/:file')
  @PublicPage()
  async recommendation(
    @Param('file') file: string,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const id = idOf(file);
    const found = await this.recommendations.recommendation(id);
    if (!found) throw new NotFoundException(`There is no recommendation ${id}`);
    const subject = recommendationFeed(id, found.state.title);
    return this.send(query, request, reply, subject, { recommendationId: id });
  }

  @Get('programmes/:file')
  @PublicPage()
  async programme(
    @Param('file') file: string,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const programme = await this.rollups.programme(idOf(file));
    return this.send(query, request, reply, programmeFeed(programme), {
      programmeId: programme.id,
    });
  }

  private async send(
    query: PageQuery,
    request: FastifyRequest,
    reply: FastifyReply,
    subject: FeedSubject,
    filter: AuditFilter,
  ): Promise<FastifyReply> {
    const asOf = asOfQuery(query, this.clock.now());
    const refused = refuseDateProblems(reply, asOf);
    if (refused) return refused;
    const entries = await this.history.latest(filter, asOf.slice, FEED_LENGTH);
    return reply
      .type('application/atom+xml; charset=utf-8')
      .send(atomFeed(feedAsOf(subject, asOf), entries, this.settings.absoluteUrl(request, '')));
  }
}
