import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PublicPage } from '../layout/public-page';
import { ProgrammePages, PUBLIC_AUDIENCE } from './programme-pages';

type PageQuery = Record<string, unknown>;

/**
 * The public programme pages: the list, a programme with its map, an area's timeline, the
 * targets that moved (and their download).
 */
@Controller('programmes')
export class ProgrammePagesController {
  constructor(private readonly pages: ProgrammePages) {}

  @Get()
  @PublicPage()
  programmes(@Query() query: PageQuery, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.list(reply, query, PUBLIC_AUDIENCE);
  }

  @Get(':id')
  @PublicPage()
  programme(
    @Param('id') id: string,
    @Query() query: PageQuery,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.pages.programme(reply, id, query, PUBLIC_AUDIENCE);
  }

  @Get(':id/moved-targets')
  @PublicPage()
  movedTargets(
    @Param('id') id: string,
    @Query() query: PageQuery,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.pages.movedTargets(reply, id, query);
  }

  @Get(':id/moved-targets/download')
  @PublicPage()
  movedTargetsDownload(
    @Param('id') id: string,
    @Query() query: PageQuery,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.pages.movedTargetsDownload(reply, id, query);
  }

  @Get(':id/areas/:areaCode')
  @PublicPage()
  area(
    @Param('id') id: string,
    @Param('areaCode') areaCode: string,
    @Query() query: PageQuery,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.pages.area(reply, id, areaCode, query, PUBLIC_AUDIENCE);
  }
}
