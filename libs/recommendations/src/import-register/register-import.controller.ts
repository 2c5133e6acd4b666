import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart'; // request.files() and isMultipart()
import { Readable } from 'stream';
import { CurrentActor, CurrentRequest, Public, type RequestContext, Roles } from '@app/access';
import { type Actor, InvalidInputError, notFound } from '@app/kernel';
import {
  fileTooLarge,
  IMPORT_LIMIT_BYTES,
  importAnswer,
  type ImportRefusal,
  limitedUpload,
  malformedUpload,
} from '@app/platform';
import { MAY_RECORD_SOURCES } from '@app/sources';
import { MAY_DECIDE_LIFECYCLE } from '../domain/policy';
import type { RegisterRowError } from './register-entries';
import {
  type RegisterFile,
  RegisterImport,
  type RegisterImportResult,
  registerRefusalMessage,
} from './register-import';
import { registerTemplate } from './register-templates';

/** The route whose JSON bodies are files (see registerCsvUploads). */
export const REGISTER_IMPORT_ROUTE = '/imports/register';
/** Most files one upload carries: a sources file and a recommendations file, and room to spare. */
export const MAX_REGISTER_FILES = 10;

export class ImportRegisterQuery {
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun?: string;
}

/**
 * `POST /imports/register?dryRun=true|false` with a multipart upload of one or more files, or
 * one file as a text/csv or application/json body; `GET /imports/register/templates/<name>`.
 */
@Controller('imports/register')
export class RegisterImportController {
  constructor(
    private readonly importer: RegisterImport,
    @Inject(IMPORT_LIMIT_BYTES) private readonly limitBytes: number,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles(...new Set([...MAY_RECORD_SOURCES, ...MAY_DECIDE_LIFECYCLE]))
  async importRegister(
    @Query() query: ImportRegisterQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
  ): Promise<RegisterImportResult | ImportRefusal<RegisterRowError>> {
    return importAnswer(
      request,
      reply,
      async () =>
        this.importer.run(actor, {
          files: await this.files(request),
          dryRun: query.dryRun === 'true',
          correlationId: context.correlationId,
        }),
      registerRefusalMessage,
    );
  }

  /** A template to fill in: the header and worked examples from the shipped data. */
  @Get('templates/:name')
  @Public()
  template(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    const template = registerTemplate(name);
    if (!template) throw notFound('Template', name.slice(0, 100));
    void reply
      .header('content-type', template.contentType)
      .header('content-disposition', `attachment; filename="${template.filename}"`);
    return template.body;
  }

  /** The upload's files, each read whole (the files together within the limit). */
  private async files(request: FastifyRequest): Promise<RegisterFile[]> {
    if (Number(request.headers['content-length']) > this.limitBytes) {
      throw fileTooLarge(this.limitBytes);
    }
    if (request.body instanceof Readable) {
      const json = request.headers['content-type'] !== 'text/csv';
      return [
        {
          name: json ? 'upload.json' : 'upload.csv',
          content: await this.read(limitedUpload(request.body, this.limitBytes)),
        },
      ];
    }
    if (!request.isMultipart()) {
      throw new InvalidInputError(
        'content-type',
        'csvJsonOrMultipart',
        'Send the files as a multipart/form-data upload, or one file as text/csv or application/json',
      );
    }
    const files: RegisterFile[] = [];
    let total = 0;
    try {
      const parts = request.files({
        limits: { fileSize: this.limitBytes + 1, files: MAX_REGISTER_FILES },
      });
      for await (const part of parts) {
        const content = await this.read(limitedUpload(part.file, this.limitBytes, true));
        if ((total += content.length) > this.limitBytes) throw fileTooLarge(this.limitBytes);
        files.push({ name: part.filename || `file ${files.length + 1}`, content });
      }
    } catch (error) {
      throw malformedUpload(error);
    }
    if (files.length === 0) {
      throw new InvalidInputError('file', 'required', 'The upload has no file part');
    }
    return files;
  }

  private async read(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
    const read: Buffer[] = [];
    for await (const chunk of chunks) read.push(chunk);
    return Buffer.concat(read);
  }
}
