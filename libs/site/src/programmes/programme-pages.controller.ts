import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Clock } from '@app/kernel';
import { asOfQuery, type AsOf } from '../layout/as-of';
import { PublicPage } from '../layout/public-page';
import { areaPage } from './area-page.view';
import type { HexGrid } from './hex-map';
import { ProgrammePageQueries } from './programme-page-queries';
import { programmeListRows, programmePage, programmePath } from './programme-pages.view';

/** England's hexagon map, laid out once (programme-pages.module.ts). */
export const ENGLAND_HEX_GRID = Symbol('ENGLAND_HEX_GRID');

type PageQuery = Record<string, unknown>;

/** The page's "as of" as a query to carry into its links ('' for today). */
export const linkQuery = (asOf: AsOf): string => (asOf.query ? `?${asOf.query}` : '');

/** The public programme pages: the list, a programme with its map, an area's timeline. */
@Controller('programmes')
export class ProgrammePagesController {
  constructor(
    private readonly queries: ProgrammePageQueries,
    private readonly clock: Clock,
    @Inject(ENGLAND_HEX_GRID) private readonly grid: HexGrid,
  ) {}

  @Get()
  @PublicPage()
  async programmes(@Query() query: PageQuery, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const asOf = asOfQuery(query, this.clock.now());
    return reply.view('programmes/index.njk', {
      ...asOf,
      programmes: programmeListRows(await this.queries.programmes(asOf.slice), linkQuery(asOf)),
    });
  }

  @Get(':id')
  @PublicPage()
  async programme(
    @Param('id') id: string,
    @Query() query: PageQuery,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const asOf = asOfQuery(query, this.clock.now());
    const { programme, rollup } = await this.queries.programme(id, asOf.slice);
    return reply.view('programmes/programme.njk', {
      ...asOf,
      formAction: programmePath(id),
      programme: programmePage(programme, rollup, this.grid, linkQuery(asOf)),
    });
  }

  @Get(':id/areas/:areaCode')
  @PublicPage()
  async area(
    @Param('id') id: string,
    @Param('areaCode') areaCode: string,
    @Query() query: PageQuery,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const asOf = asOfQuery(query, this.clock.now());
    const { programme, view, events } = await this.queries.area(id, areaCode, asOf.slice);
    const formAction = `${programmePath(id)}/areas/${areaCode}`;
    // A local authority of England that the programme has not enrolled (by the date shown).
    if (!view)
      return reply.view('programmes/not-enrolled.njk', {
        ...asOf,
        formAction,
        areaName: this.queries.areaName(areaCode),
        programme: { name: programme.name, href: programmePath(id) + linkQuery(asOf) },
      });
    return reply.view('programmes/area.njk', {
      ...asOf,
      formAction,
      area: areaPage(
        programme,
        view.progress,
        view.replacedBy,
        events,
        this.queries.areaName,
        linkQuery(asOf),
      ),
    });
  }
}
