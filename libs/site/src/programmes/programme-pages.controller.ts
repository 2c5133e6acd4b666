import { Controller, Get, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LocalAuthorityRegister } from '@app/areas';
import { Clock, DomainError, ErrorCode, TimeSlice } from '@app/kernel';
import { AreaRolloutTimeline, ProgrammeRollups, ProgrammeState } from '@app/rollout';
import { programmeFeed } from '../feeds/atom-feed';
import { asOfQuery, type AsOf } from '../layout/as-of';
import { PublicPage } from '../layout/public-page';
import { areaPage } from './area-page.view';
import type { HexGrid } from './hex-map';
import { programmeListRows, programmePage, programmePath } from './programme-pages.view';

/** England's hexagon map, laid out once (programme-pages.module.ts). */
export const ENGLAND_HEX_GRID = Symbol('ENGLAND_HEX_GRID');

type PageQuery = Record<string, unknown>;

const isNotFound = (error: unknown): boolean =>
  error instanceof DomainError && error.code === ErrorCode.NOT_FOUND;

/** The page's "as of" as a query to carry into its links ('' for today). */
const linkQuery = (asOf: AsOf): string => (asOf.query ? `?${asOf.query}` : '');

/** The public programme pages: the list, a programme with its map, an area's timeline. */
@Controller('programmes')
export class ProgrammePagesController {
  constructor(
    private readonly rollups: ProgrammeRollups,
    private readonly timelines: AreaRolloutTimeline,
    private readonly areas: LocalAuthorityRegister,
    private readonly clock: Clock,
    @Inject(ENGLAND_HEX_GRID) private readonly grid: HexGrid,
  ) {}

  @Get()
  @PublicPage()
  async programmes(@Query() query: PageQuery, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const asOf = asOfQuery(query, this.clock.now());
    const programmes = await Promise.all(
      (await this.programmesIn(asOf.slice)).map(async (programme) => ({
        programme,
        rollup: await this.rollups.rollup(programme, asOf.slice),
      })),
    );
    return reply.view('programmes/index.njk', {
      ...asOf,
      programmes: programmeListRows(programmes, linkQuery(asOf)),
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
    const programme = await this.programmeIn(id, asOf.slice);
    const rollup = await this.rollups.rollup(programme, asOf.slice);
    return reply.view('programmes/programme.njk', {
      ...asOf,
      formAction: programmePath(id),
      feed: programmeFeed(programme),
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
    if (!this.areas.has(areaCode)) throw new NotFoundException();
    const asOf = asOfQuery(query, this.clock.now());
    const programme = await this.programmeIn(id, asOf.slice);
    const areaName = (code: string): string => this.areas.get(code)?.name ?? code;
    try {
      const view = await this.timelines.view(id, areaCode, asOf.slice);
      return reply.view('programmes/area.njk', {
        ...asOf,
        formAction: `${programmePath(id)}/areas/${areaCode}`,
        feed: programmeFeed(programme),
        area: areaPage(
          programme,
          view.progress,
          view.replacedBy,
          await view.timeline(),
          areaName,
          linkQuery(asOf),
        ),
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // A local authority of England that the programme has not enrolled (by the date shown).
      return reply.view('programmes/not-enrolled.njk', {
        ...asOf,
        formAction: `${programmePath(id)}/areas/${areaCode}`,
        feed: programmeFeed(programme),
        areaName: areaName(areaCode),
        programme: { name: programme.name, href: programmePath(id) + linkQuery(asOf) },
      });
    }
  }

  /** The programmes that existed in the slice, as it saw them. */
  private async programmesIn(slice: TimeSlice): Promise<ProgrammeState[]> {
    const found = await Promise.all(
      (await this.rollups.programmes()).map((programme) =>
        this.rollups.programmeIn(programme.id, slice).catch((error: unknown) => {
          if (isNotFound(error)) return null;
          throw error;
        }),
      ),
    );
    return found.filter((programme): programme is ProgrammeState => programme !== null);
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
