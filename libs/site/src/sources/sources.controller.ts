import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { SOURCE_ID_PATTERN } from '@app/kernel';
import { SourcesReadModel, StoreSourceCatalogue } from '@app/sources';
import { PublicPage } from '../layout/public-page';
import { sourcesFilterOf, sourcesView, sourceView } from './sources-view';

/** The public list of sources, and a page per source. */
@Controller('sources')
export class SourcesController {
  constructor(
    private readonly readModel: SourcesReadModel,
    private readonly catalogue: StoreSourceCatalogue,
  ) {}

  @Get()
  @PublicPage()
  async sources(
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const filter = sourcesFilterOf(query);
    const sources = await this.readModel.list({ kind: filter.kind || null });
    return reply.view('sources/index.njk', { filter, sources: sourcesView(sources, filter) });
  }

  @Get(':id')
  @PublicPage()
  async source(@Param('id') id: string, @Res() reply: FastifyReply): Promise<FastifyReply> {
    if (!SOURCE_ID_PATTERN.test(id)) throw new NotFoundException();
    const events = await this.catalogue.events(id);
    const source = await this.catalogue.find(id);
    if (!source) throw new NotFoundException();
    return reply.view('sources/source.njk', {
      source: sourceView(source, events.slice(0, source.version)),
    });
  }
}
