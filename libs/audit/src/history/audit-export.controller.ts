import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Readable } from 'stream';
import { CurrentActor, historyScopeOf } from '@app/access';
import type { Actor } from '@app/kernel';
import { AuditFilterInput } from './audit-filter.input';
import { auditExportFile, AuditExportFormat } from './audit-export';
import { AuditTrailReadModel } from './audit-trail.read-model';

export class AuditExportQuery extends AuditFilterInput {
  @IsOptional()
  @IsIn(['csv', 'jsonl'], { message: 'format must be csv or jsonl' })
  format?: AuditExportFormat;
}

/**
 * `GET /exports/audit?format=csv|jsonl&<filters>`: the history as a file, streamed. Filters are
 * those of the auditTrail query; a local authority gets its own area's history only.
 */
@Controller('exports')
export class AuditExportController {
  constructor(private readonly trail: AuditTrailReadModel) {}

  @Get('audit')
  @Header('cache-control', 'no-store')
  async audit(
    @Query() query: AuditExportQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const { format = 'csv', ...filter } = query;
    // Filters are checked before the first byte leaves, so a bad one is a 400, not a cut file.
    const file = await auditExportFile(
      this.trail.entries(filter, historyScopeOf(actor)),
      format,
      new Date().toISOString().slice(0, 10),
    );
    void reply.headers(file.headers);
    return file.body;
  }
}
