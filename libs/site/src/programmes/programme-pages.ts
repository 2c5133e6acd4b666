import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LocalAuthorityRegister } from '@app/areas';
import {
  Clock,
  DomainError,
  ErrorCode,
  isoDate,
  type HistoryScope,
  type RecordedEvent,
  type TimeSlice,
} from '@app/kernel';
import {
  AreaRolloutTimeline,
  MovedTargets,
  movedTargetsCsv,
  ProgrammeRollups,
  type AreaRolloutView,
  type ProgrammeState,
} from '@app/rollout';
import { EvaluationSubjectKind } from '@app/evaluations';
import { SourcesReadModel } from '@app/sources';
import { EvaluationFindings } from '../evaluations/evaluation-findings';
import { programmeFeed } from '../feeds/atom-feed';
import { FundingPages } from '../funding/funding-pages';
import { newAllocationPath } from '../funding/funding-view';
import { asOfQuery, type AsOf } from '../layout/as-of';
import { areaPage } from './area-page.view';
import { movedTargetRowOf } from './moved-targets.view';
import { programmeTimeline } from './programme-timeline.view';
import type { HexGrid } from './hex-map';
import {
  programmeListRows,
  programmePage,
  programmePath,
  programmesPath,
  type ProgrammeWithRollup,
} from './programme-pages.view';

/** England's hexagon map, laid out once (programme-pages.module.ts). */
export const ENGLAND_HEX_GRID = Symbol('ENGLAND_HEX_GRID');

type PageQuery = Record<string, unknown>;

const isNotFound = (error: unknown): boolean =>
  error instanceof DomainError && error.code === ErrorCode.NOT_FOUND;

/** The page's "as of" as a query to carry into its links ('' for today). */
const linkQuery = (asOf: AsOf): string => (asOf.query ? `?${asOf.query}` : '');

/** An area enrolled in a programme, in a slice: its rollout and its timeline. */
export interface EnrolledArea {
  programme: ProgrammeState;
  view: AreaRolloutView;
  events: RecordedEvent[];
}

/**
 * Whom a set of programme pages is for: where they are, where their templates are (`index`,
 * `programme`, `area`, `not-enrolled`), and the view models of a programme and of an area.
 * `links` is the page's "as of" query, carried into its links.
 */
export interface ProgrammeAudience {
  base: string;
  views: string;
  programmePage(found: ProgrammeWithRollup, grid: HexGrid, links: string): unknown;
  areaPage(found: EnrolledArea, areaName: (code: string) => string, links: string): unknown;
  /** Whether an area's page links to recording, correcting and withdrawing its grants. */
  recordsFunding: boolean;
}

/** The public's programme pages. */
export const PUBLIC_AUDIENCE: ProgrammeAudience = {
  base: programmesPath,
  views: 'programmes',
  programmePage: ({ programme, rollup }, grid, links) =>
    programmePage(programme, rollup, grid, links),
  areaPage: ({ programme, view, events }, areaName, links) =>
    areaPage(programme, view.progress, view.replacedBy, events, areaName, links),
  recordsFunding: false,
};

/** The moved targets page of a programme, its area's (`?areaCode=`) when one is named. */
export const movedTargetsPath = (
  id: string,
  areaCode: string | null,
  links: string,
  file = '',
): string => {
  const path = `${programmePath(id)}/moved-targets${file}`;
  if (!areaCode) return path + links;
  return `${path}?areaCode=${encodeURIComponent(areaCode)}${links.replace('?', '&')}`;
};

/** The public sees why a target moved, as it does in the public history. */
const PUBLIC_SCOPE: HistoryScope = { areaCodes: null };

/**
 * The programme pages, for the public and for signed-in readers alike: the list, a programme
 * with its map, an area's timeline, on the date the page's "as of" asks for. They read the
 * rollout context's query services; a programme or area that does not exist is a 404.
 */
@Injectable()
export class ProgrammePages {
  constructor(
    private readonly rollups: ProgrammeRollups,
    private readonly timelines: AreaRolloutTimeline,
    private readonly moved: MovedTargets,
    private readonly areas: LocalAuthorityRegister,
    private readonly clock: Clock,
    private readonly findings: EvaluationFindings,
    @Inject(ENGLAND_HEX_GRID) private readonly grid: HexGrid,
    private readonly funding: FundingPages,
    private readonly sources: SourcesReadModel,
  ) {}

  async list(reply: FastifyReply, query: PageQuery, audience: ProgrammeAudience) {
    const asOf = asOfQuery(query, this.clock.now());
    return reply.view(`${audience.views}/index.njk`, {
      ...asOf,
      formAction: audience.base,
      programmes: programmeListRows(
        await this.programmes(asOf.slice),
        linkQuery(asOf),
        audience.base,
      ),
    });
  }

  async programme(reply: FastifyReply, id: string, query: PageQuery, audience: ProgrammeAudience) {
    const asOf = asOfQuery(query, this.clock.now());
    const programme = await this.programmeIn(id, asOf.slice);
    const rollup = await this.rollups.rollup(programme, asOf.slice);
    const { facts, nationalMilestones } = await this.rollups.factsIn(programme, asOf.slice);
    return reply.view(`${audience.views}/programme.njk`, {
      ...asOf,
      formAction: programmePath(id, audience.base),
      feed: programmeFeed(programme),
      movedTargetsHref: movedTargetsPath(id, null, linkQuery(asOf)),
      programme: audience.programmePage({ programme, rollup }, this.grid, linkQuery(asOf)),
      findings: await this.findings.of(EvaluationSubjectKind.PROGRAMME, id, asOf.slice),
      timeline: programmeTimeline(facts, nationalMilestones, await this.sources.list()),
    });
  }

  /** A local authority of England in a programme: a 404 for any other code. */
  async area(
    reply: FastifyReply,
    id: string,
    areaCode: string,
    query: PageQuery,
    audience: ProgrammeAudience,
  ) {
    if (!this.areas.has(areaCode)) throw new NotFoundException();
    const asOf = asOfQuery(query, this.clock.now());
    const programme = await this.programmeIn(id, asOf.slice);
    const programmeHref = programmePath(id, audience.base);
    const formAction = `${programmeHref}/areas/${areaCode}`;
    const areaName = (code: string): string => this.areas.get(code)?.name ?? code;
    // Councils get grants before they enrol: both pages show the area's funding.
    const funding = await this.funding.ofArea(areaCode, asOf.slice, linkQuery(asOf));
    const fundingActions = audience.recordsFunding
      ? { newHref: newAllocationPath(areaCode, id) }
      : null;
    try {
      const view = await this.timelines.view(id, areaCode, asOf.slice);
      const found = { programme, view, events: await view.timeline() };
      return reply.view(`${audience.views}/area.njk`, {
        ...asOf,
        formAction,
        feed: programmeFeed(programme),
        movedTargetsHref: movedTargetsPath(id, areaCode, linkQuery(asOf)),
        area: audience.areaPage(found, areaName, linkQuery(asOf)),
        funding,
        fundingActions,
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // A local authority of England that the programme has not enrolled (by the date shown).
      return reply.view(`${audience.views}/not-enrolled.njk`, {
        ...asOf,
        formAction,
        feed: programmeFeed(programme),
        areaName: areaName(areaCode),
        programme: { name: programme.name, href: programmeHref + linkQuery(asOf) },
        funding,
        fundingActions,
      });
    }
  }

  /** The programme's targets that moved, nationally and by area, or one area's. */
  async movedTargets(reply: FastifyReply, id: string, query: PageQuery) {
    const asOf = asOfQuery(query, this.clock.now());
    const areaCode = this.areaCodeOf(query);
    const programme = await this.programmeIn(id, asOf.slice);
    const entries = asOf.problems.length
      ? []
      : await this.moved.all(
          { programmeId: id, areaCode, regionCode: null },
          asOf.slice,
          PUBLIC_SCOPE,
        );
    const links = linkQuery(asOf);
    return reply.code(asOf.problems.length ? 400 : 200).view('programmes/moved-targets.njk', {
      ...asOf,
      formAction: `${programmePath(id)}/moved-targets`,
      areaCode,
      areaName: areaCode ? this.areas.get(areaCode)?.name : null,
      programme: { id, name: programme.name, href: programmePath(id) + links },
      download: movedTargetsPath(id, areaCode, links, '/download'),
      targets: entries.map((entry) => movedTargetRowOf(entry, links)),
    });
  }

  /** The moved targets as a CSV file, with the page's area and date. */
  async movedTargetsDownload(reply: FastifyReply, id: string, query: PageQuery) {
    const asOf = asOfQuery(query, this.clock.now());
    if (asOf.problems.length) throw new NotFoundException();
    const areaCode = this.areaCodeOf(query);
    await this.programmeIn(id, asOf.slice);
    const entries = await this.moved.all(
      { programmeId: id, areaCode, regionCode: null },
      asOf.slice,
      PUBLIC_SCOPE,
    );
    const name = `moved-targets-${id}${areaCode ? `-${areaCode}` : ''}-${isoDate(this.clock.now())}.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(movedTargetsCsv(entries));
  }

  /** The page's area, if it names one: a local authority of England, else a 404. */
  private areaCodeOf(query: PageQuery): string | null {
    const areaCode = typeof query.areaCode === 'string' ? query.areaCode.trim() : '';
    if (!areaCode) return null;
    if (!this.areas.has(areaCode)) throw new NotFoundException();
    return areaCode;
  }

  /** The programmes that existed in the slice, as it saw them, with their roll-ups. */
  async programmes(slice: TimeSlice): Promise<ProgrammeWithRollup[]> {
    return Promise.all(
      (await this.rollups.programmesIn(slice)).map(async (programme) => ({
        programme,
        rollup: await this.rollups.rollup(programme, slice),
      })),
    );
  }

  private async programmeIn(id: string, slice: TimeSlice): Promise<ProgrammeState> {
    try {
      return await this.rollups.programmeIn(id, slice);
    } catch (error) {
      if (isNotFound(error)) throw new NotFoundException();
      throw error;
    }
  }
}
