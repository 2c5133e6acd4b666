import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  CurrentActor,
  CurrentRequest,
  historyScopeOf,
  READ_ALL_ROLES,
  type RequestContext,
} from '@app/access';
import { LocalAuthorityRegister } from '@app/areas';
import { auditExportFile, AuditTrailReadModel, AuditTrailVerifier } from '@app/audit';
import { Actor, Clock, InvalidInputError, isoDate } from '@app/kernel';
import { RecommendationQueries } from '@app/recommendations';
import { ProgrammeRollups } from '@app/rollout';
import { PublicHistory } from '../public-view/public-history';
import { SignedInPage } from '../signed-in/signed-in-page';
import { historyRequestOf, type HistoryRequest } from './history-filter';
import {
  areaGroupsOf,
  HISTORY_PAGE_SIZE,
  historyFiltersOf,
  historyResultsOf,
  previousAfterOf,
} from './history-page.view';
import { expectedSealsOf, verificationOutcomeOf } from './verify-page.view';

type PageQuery = Record<string, unknown>;

/**
 * The history for those who may read all of it (as the API's verifyAuditTrail): the changes,
 * filtered and paged, their download, and the verification of the audit trail.
 */
@Controller('history')
export class HistoryController {
  constructor(
    private readonly trail: AuditTrailReadModel,
    private readonly verifier: AuditTrailVerifier,
    private readonly publicHistory: PublicHistory,
    private readonly rollups: ProgrammeRollups,
    private readonly recommendations: RecommendationQueries,
    private readonly areas: LocalAuthorityRegister,
    private readonly clock: Clock,
  ) {}

  @Get()
  @SignedInPage(...READ_ALL_ROLES)
  async history(
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const [programmes, recommendations] = await Promise.all([
      this.rollups.programmes(),
      this.recommendations.all(),
    ]);
    const request = this.requestOf(query, programmes, recommendations);
    const form = {
      ...request,
      filters: historyFiltersOf(request, {
        programmes,
        recommendations,
        areaGroups: areaGroupsOf(this.areas),
      }),
    };
    if (request.problems.length) return reply.code(400).view('history/index.njk', form);
    const scope = historyScopeOf(actor);
    const newestFirst = request.order === 'newest';
    const read = (after: string | null, reversed = false) =>
      this.trail.page(request.filter, scope, HISTORY_PAGE_SIZE, after, newestFirst !== reversed);
    let page;
    try {
      page = await read(request.after);
    } catch (error) {
      // A page link that is not one of ours (edited, or cut short): start again from the first.
      if (error instanceof InvalidInputError && error.field === 'after')
        return reply.redirect(request.query ? `/history?${request.query}` : '/history', 303);
      throw error;
    }
    const previousAfter = request.after
      ? previousAfterOf(await read(request.after, true), HISTORY_PAGE_SIZE)
      : undefined;
    return reply.view('history/index.njk', {
      ...form,
      results: historyResultsOf(request, page, previousAfter, await this.publicHistory.directory()),
    });
  }

  /** The filtered history as a file: the API's export, with the page's filters. */
  @Get('download')
  @SignedInPage(...READ_ALL_ROLES)
  async download(
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const [programmes, recommendations] = await Promise.all([
      this.rollups.programmes(),
      this.recommendations.all(),
    ]);
    const request = this.requestOf(query, programmes, recommendations);
    // Filters with problems are shown on the page, with their error messages.
    if (request.problems.length) {
      const search = new URLSearchParams(query as Record<string, string>);
      search.delete('format');
      return reply.redirect(`/history?${search.toString()}`, 303);
    }
    const file = await auditExportFile(
      this.trail.entries(request.filter, historyScopeOf(actor)),
      query.format === 'jsonl' ? 'jsonl' : 'csv',
      isoDate(this.clock.now()),
    );
    return reply.headers(file.headers).send(file.body);
  }

  @Get('verify')
  @SignedInPage(...READ_ALL_ROLES)
  async verify(
    @Query() query: PageQuery,
    @CurrentRequest() context: RequestContext,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { seals, problems } = expectedSealsOf(query.seals);
    const form = {
      seals: typeof query.seals === 'string' ? query.seals : '',
      problems,
      sealsError: problems[0] ? { text: problems[0].text } : null,
    };
    if (problems.length) return reply.code(400).view('history/verify.njk', form);
    if (query.verify !== 'yes') return reply.view('history/verify.njk', form);
    const result = await this.verifier.verify({ expectSeals: seals }, context.clientGone);
    return reply.view('history/verify.njk', {
      ...form,
      outcome: verificationOutcomeOf(result, seals, await this.publicHistory.directory()),
    });
  }

  private requestOf(
    query: PageQuery,
    programmes: readonly { id: string }[],
    recommendations: readonly { id: string }[],
  ): HistoryRequest {
    return historyRequestOf(query, {
      programmeIds: new Set(programmes.map((programme) => programme.id)),
      recommendationIds: new Set(recommendations.map((recommendation) => recommendation.id)),
      areaCodes: new Set([...this.areas.all, ...this.areas.former].map((area) => area.areaCode)),
    });
  }
}
