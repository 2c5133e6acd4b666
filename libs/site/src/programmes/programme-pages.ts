import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LocalAuthorityRegister } from '@app/areas';
import { Clock, DomainError, ErrorCode, type RecordedEvent, type TimeSlice } from '@app/kernel';
import {
  AreaRolloutTimeline,
  ProgrammeRollups,
  type AreaRolloutView,
  type ProgrammeState,
} from '@app/rollout';
import { EvaluationSubjectKind } from '@app/evaluations';
import { EvaluationFindings } from '../evaluations/evaluation-findings';
import { programmeFeed } from '../feeds/atom-feed';
import { FundingPages } from '../funding/funding-pages';
import { asOfQuery, type AsOf } from '../layout/as-of';
import { areaPage } from './area-page.view';
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
}

/** The public's programme pages. */
export const PUBLIC_AUDIENCE: ProgrammeAudience = {
  base: programmesPath,
  views: 'programmes',
  programmePage: ({ programme, rollup }, grid, links) =>
    programmePage(programme, rollup, grid, links),
  areaPage: ({ programme, view, events }, areaName, links) =>
    areaPage(programme, view.progress, view.replacedBy, events, areaName, links),
};

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
    private readonly areas: LocalAuthorityRegister,
    private readonly clock: Clock,
    private readonly findings: EvaluationFindings,
    @Inject(ENGLAND_HEX_GRID) private readonly grid: HexGrid,
    private readonly funding: FundingPages,
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
    return reply.view(`${audience.views}/programme.njk`, {
      ...asOf,
      formAction: programmePath(id, audience.base),
      feed: programmeFeed(programme),
      programme: audience.programmePage({ programme, rollup }, this.grid, linkQuery(asOf)),
      findings: await this.findings.of(EvaluationSubjectKind.PROGRAMME, id, asOf.slice),
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
    try {
      const view = await this.timelines.view(id, areaCode, asOf.slice);
      const found = { programme, view, events: await view.timeline() };
      return reply.view(`${audience.views}/area.njk`, {
        ...asOf,
        formAction,
        feed: programmeFeed(programme),
        area: audience.areaPage(found, areaName, linkQuery(asOf)),
        funding,
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
      });
    }
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
