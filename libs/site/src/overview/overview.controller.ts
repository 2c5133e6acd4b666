import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '@app/access';
import { AuditTrailReadModel } from '@app/audit';
import { Actor, Clock, historyScopeOf, isoDate, Role, type TimeSlice } from '@app/kernel';
import { RecommendationQueries } from '@app/recommendations';
import { asOfQuery, pastDateInput } from '../layout/as-of';
import { ProgrammePages } from '../programmes/programme-pages';
import { PublicHistory, sliceFilter } from '../public-view/public-history';
import { READERS } from '../signed-in/signed-in-actor';
import { SignedInPage } from '../signed-in/signed-in-page';
import {
  changeRows,
  coverageRows,
  daysBefore,
  DEFAULT_SINCE_DAYS,
  lateByRegion,
  LISTED,
  mostOverdue,
  stageRows,
} from './overview.view';

type PageQuery = Record<string, unknown>;

/** The overview: the national picture, on a date, and what changed since another. */
@Controller('overview')
export class OverviewController {
  constructor(
    private readonly recommendations: RecommendationQueries,
    private readonly programmes: ProgrammePages,
    private readonly trail: AuditTrailReadModel,
    private readonly history: PublicHistory,
    private readonly clock: Clock,
  ) {}

  /**
   * Every role sees the same national picture, as every role may read every area's state (the
   * dashboard did the same); a local authority's rows link no programme page, which it may not
   * open, and the changes it is shown are those of its own area (its history scope).
   */
  @Get()
  @SignedInPage(...READERS, Role.LOCAL_AUTHORITY)
  async overview(
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const now = this.clock.now();
    const asOf = asOfQuery(query, now);
    const today = isoDate(now);
    const since = pastDateInput(
      query,
      'since',
      'The date to show changes since',
      today,
      daysBefore(today, DEFAULT_SINCE_DAYS),
    );
    const linked = READERS.includes(actor.role);
    const [counts, programmes, changes] = await Promise.all([
      this.recommendations.stageCounts(asOf.slice),
      this.programmes.programmes(asOf.slice),
      since.field.date ? this.changesSince(since.field.date, asOf.slice, actor, linked) : null,
    ]);
    return reply.view('overview/index.njk', {
      ...asOf,
      problems: [...asOf.problems, ...(since.problem ? [since.problem] : [])],
      since: since.field,
      stages: stageRows(counts, asOf.query),
      coverage: coverageRows(programmes, asOf.query, linked),
      late: lateByRegion(programmes, asOf.query, linked),
      overdue: mostOverdue(programmes, asOf.query, linked),
      changes,
      historyHref: linked ? '/history' : null,
    });
  }

  /** The latest changes recorded since a day (up to the slice's), as the actor may see them. */
  private async changesSince(since: string, slice: TimeSlice, actor: Actor, linked: boolean) {
    const scope = historyScopeOf(actor);
    const [page, directory] = await Promise.all([
      this.trail.page({ ...sliceFilter(slice), recordedFrom: since }, scope, LISTED, null, true),
      this.history.directory(),
    ]);
    return {
      count: page.totalCount,
      rows: changeRows(page.entries, directory, scope, linked),
    };
  }
}
