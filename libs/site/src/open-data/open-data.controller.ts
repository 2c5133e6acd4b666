import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Readable } from 'stream';
import { Clock } from '@app/kernel';
import { asOfQuery } from '../layout/as-of';
import { PublicPage, refuseDateProblems, StoreHeads } from '../layout/public-page';
import { csvLines, fileNameOf, jsonPieces, LICENCE, type DataFormat } from './data-file';
import { OpenData } from './open-data';
import { OPEN_DATA_FILES } from './open-data-files';

const CONTENT_TYPES: Record<DataFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** `/open-data/<file>.csv|.json`: the downloads, at stable URLs, and their data dictionary. */
@Controller('open-data')
export class OpenDataController {
  constructor(
    private readonly openData: OpenData,
    private readonly heads: StoreHeads,
    private readonly clock: Clock,
  ) {}

  @Get()
  @PublicPage()
  dictionary(@Res() reply: FastifyReply): FastifyReply {
    return reply.view('open-data/index.njk', { files: OPEN_DATA_FILES, licence: LICENCE });
  }

  @Get(':file')
  @PublicPage()
  async download(
    @Param('file') file: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const [, name, format] = /^([a-z-]+)\.(csv|json)$/.exec(file) ?? [];
    const asOf = asOfQuery(query, this.clock.now());
    const refused = refuseDateProblems(reply, asOf);
    if (refused) return refused;
    const stamp = this.openData.stampOf(asOf.slice, (await this.heads.current()).position);
    const download = name ? this.openData.download(name, asOf.slice, stamp) : null;
    if (!download) throw new NotFoundException(`There is no open data file ${file}`);
    const dataFormat = format as DataFormat;
    return reply
      .type(CONTENT_TYPES[dataFormat])
      .header('x-data-as-of', stamp.asOf)
      .header('x-store-position', String(stamp.storePosition))
      .header('link', `<${LICENCE.url}>; rel="license"`)
      .header(
        'content-disposition',
        `attachment; filename="${fileNameOf(download.file.name, stamp, dataFormat)}"`,
      )
      .send(
        Readable.from(
          dataFormat === 'csv'
            ? csvLines(download.file, download.rows)
            : jsonPieces(stamp, download.rows),
        ),
      );
  }
}
