import { Controller, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart'; // request.file() and isMultipart()
import { Readable } from 'stream';
import { CurrentActor, CurrentRequest, type RequestContext, Roles } from '@app/access';
import { type Actor, InvalidInputError } from '@app/kernel';
import { PROGRAMME_ID_PATTERN } from '../area-change/area-change.input';
import { MAY_REPORT_PROGRESS } from '../domain/policy';
import {
  fileTooLarge,
  IMPORT_LIMIT_BYTES,
  importAnswer,
  type ImportRefusal,
  limitedUpload,
  malformedUpload,
  type RowError,
} from '@app/platform';
import { MilestoneImport, type MilestoneImportResult, refusalMessage } from './milestone-import';

export class ImportMilestonesQuery {
  @IsOptional()
  @Matches(PROGRAMME_ID_PATTERN, {
    message: 'programme must be lower-case letters and digits joined by hyphens',
  })
  @MaxLength(64)
  programme?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun?: string;
}

/**
 * `POST /imports/milestones?programme=ID&dryRun=true|false` with a text/csv body or a
 * multipart upload (its first file). The body streams into the import; it is never held whole.
 */
@Controller('imports')
export class MilestoneImportController {
  constructor(
    private readonly importer: MilestoneImport,
    @Inject(IMPORT_LIMIT_BYTES) private readonly limitBytes: number,
  ) {}

  @Post('milestones')
  @HttpCode(200)
  @Roles(...MAY_REPORT_PROGRESS)
  async importMilestones(
    @Query() query: ImportMilestonesQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
  ): Promise<MilestoneImportResult | ImportRefusal<RowError>> {
    return importAnswer(
      request,
      reply,
      async () => {
        const upload = await this.upload(request);
        return this.importer.run(upload.body, actor, {
          programmeId: query.programme ?? null,
          dryRun: query.dryRun === 'true',
          source: upload.filename,
          correlationId: context.correlationId,
        });
      },
      refusalMessage,
    );
  }

  private async upload(
    request: FastifyRequest,
  ): Promise<{ body: AsyncIterable<Buffer>; filename: string | null }> {
    if (Number(request.headers['content-length']) > this.limitBytes)
      throw fileTooLarge(this.limitBytes);
    if (request.isMultipart()) {
      // One byte over the limit reaches `limited`, which refuses the file.
      const part = await request
        .file({ limits: { fileSize: this.limitBytes + 1, files: 1 } })
        .catch((error: unknown) => {
          throw malformedUpload(error);
        });
      if (!part) throw new InvalidInputError('file', 'required', 'The upload has no file part');
      return {
        body: limitedUpload(part.file, this.limitBytes, true),
        filename: part.filename || null,
      };
    }
    if (request.body instanceof Readable)
      return { body: limitedUpload(request.body, this.limitBytes), filename: null };
    throw new InvalidInputError(
      'content-type',
      'csvOrMultipart',
      'Send the file as text/csv or as a multipart/form-data upload',
    );
  }
}
