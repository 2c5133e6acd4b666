import { Controller, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart'; // request.file() and isMultipart()
import { Readable } from 'stream';
import { CurrentActor, CurrentRequest, type RequestContext, Roles } from '@app/access';
import { type Actor, DomainError, ErrorCode, InvalidInputError } from '@app/kernel';
import { PROGRAMME_ID_PATTERN } from '../area-change/area-change.input';
import { MAY_REPORT_PROGRESS } from '../domain/policy';
import type { RowError } from './milestone-csv';
import { MilestoneImport, type MilestoneImportResult, refusalMessage } from './milestone-import';

/** Largest file an import over HTTP reads (IMPORT_LIMIT_BYTES); provided by the host. */
export const IMPORT_LIMIT_BYTES = Symbol('IMPORT_LIMIT_BYTES');

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

/** The answer to a refused file (HTTP 422): nothing was written. */
export interface ImportRefusal {
  error: {
    code: ErrorCode.BAD_USER_INPUT;
    message: string;
    rows: number;
    errorCount: number;
    /** Checking stopped at MAX_ERRORS errors: rows after `rows` were not read. */
    stoppedEarly: boolean;
    errors: RowError[];
  };
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
  ): Promise<MilestoneImportResult | ImportRefusal> {
    try {
      const upload = await this.upload(request);
      const result = await this.importer.run(upload.body, actor, {
        programmeId: query.programme ?? null,
        dryRun: query.dryRun === 'true',
        source: upload.filename,
        correlationId: context.correlationId,
      });
      if (result.dryRun || result.errorCount === 0) return result;
      void reply.status(422);
      return {
        error: {
          code: ErrorCode.BAD_USER_INPUT,
          message: refusalMessage(result),
          rows: result.rows,
          errorCount: result.errorCount,
          stoppedEarly: result.stoppedEarly,
          errors: result.errors,
        },
      };
    } finally {
      // A file refused before its end (bad header, too large) was not read to the end: close
      // the connection after answering rather than read the rest.
      if (!request.raw.complete) void reply.header('connection', 'close');
    }
  }

  private async upload(
    request: FastifyRequest,
  ): Promise<{ body: AsyncIterable<Buffer>; filename: string | null }> {
    if (Number(request.headers['content-length']) > this.limitBytes) throw this.tooLarge();
    if (request.isMultipart()) {
      // One byte over the limit reaches `limited`, which refuses the file.
      const part = await request
        .file({ limits: { fileSize: this.limitBytes + 1, files: 1 } })
        .catch((error: unknown) => {
          throw malformedUpload(error);
        });
      if (!part) throw new InvalidInputError('file', 'required', 'The upload has no file part');
      return { body: this.limited(part.file, true), filename: part.filename || null };
    }
    if (request.body instanceof Readable)
      return { body: this.limited(request.body), filename: null };
    throw new InvalidInputError(
      'content-type',
      'csvOrMultipart',
      'Send the file as text/csv or as a multipart/form-data upload',
    );
  }

  /**
   * The stream's chunks, refused past the limit. Stopping early does not destroy the stream
   * (its iterator has no return()), so the answer can still go out on the connection.
   */
  private limited(stream: Readable, multipart = false): AsyncIterable<Buffer> {
    const limit = this.limitBytes;
    const tooLarge = (): DomainError => this.tooLarge();
    return {
      [Symbol.asyncIterator]: () => {
        const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
        let received = 0;
        return {
          next: async () => {
            // A multipart body cut short fails its file part's stream: the upload is malformed.
            const next = await chunks.next().catch((error: unknown) => {
              throw multipart ? malformedUpload(error) : error;
            });
            if (!next.done && (received += next.value.length) > limit) throw tooLarge();
            return next;
          },
        };
      },
    };
  }

  private tooLarge(): DomainError {
    return new DomainError(
      ErrorCode.PAYLOAD_TOO_LARGE,
      `The file is larger than the limit of ${this.limitBytes} bytes`,
      { limitBytes: this.limitBytes },
    );
  }
}

/** A multipart body the parser could not read (cut short, no closing boundary, bad headers). */
function malformedUpload(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new InvalidInputError('file', 'multipart', `The multipart upload is malformed: ${reason}`);
}
