import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { IsDefined, Matches, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { PROGRAMME_ID_PATTERN } from '../area-change/area-change.input';
import { RolloutExport } from './rollout-export';

export class ExportRolloutQuery {
  @IsDefined({ message: 'programme is required: ?programme=ID' })
  @Matches(PROGRAMME_ID_PATTERN, {
    message: 'programme must be lower-case letters and digits joined by hyphens',
  })
  @MaxLength(64)
  programme!: string;
}

/** `GET /exports/rollout.csv?programme=ID`: any authenticated role may take the board's view. */
@Controller('exports')
export class RolloutExportController {
  constructor(private readonly exporter: RolloutExport) {}

  @Get('rollout.csv')
  @Header('cache-control', 'no-store')
  async rollout(
    @Query() query: ExportRolloutQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const file = await this.exporter.rolloutCsv(query.programme);
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file.filename}"`);
    return file.csv;
  }
}
