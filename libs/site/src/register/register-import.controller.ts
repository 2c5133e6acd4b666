import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFields } from '@fastify/multipart';
import { CurrentActor, CurrentRequest, type RequestContext } from '@app/access';
import { type Actor, DomainError, ErrorCode } from '@app/kernel';
import { IMPORT_LIMIT_BYTES } from '@app/platform';
import {
  MAY_DECIDE_LIFECYCLE,
  RegisterImport,
  type RegisterImportResult,
} from '@app/recommendations';
import { MAY_RECORD_SOURCES } from '@app/sources';
import { answerUpload, type KeptUpload, KeptUploads } from '../report/kept-uploads';
import {
  fileNotKept,
  noProblems,
  readFileReceived,
  sizeWords,
  type UploadProblems,
} from '../report/upload-form';
import { assertCsrfToken, notify, SignedInForm, SignedInPage } from '../signed-in/signed-in-page';
import {
  filesTooLarge,
  importedNotice,
  MOST_FILES,
  readRegisterFiles,
  registerImportResults,
  tooManyFiles,
} from './register-import.view';

type Fields = Record<string, unknown>;

/** A form field's value among a multipart file's fields (those sent before it). */
const fieldOf = (fields: MultipartFields, name: string): string => {
  const value = fields[name];
  return value && !Array.isArray(value) && value.type === 'field' ? String(value.value) : '';
};
/** A register file keeps nothing besides its bytes and name. */
type KeptFile = KeptUpload<object>;

/** Those who record sources and those who decide recommendations: each imports what they may. */
const IMPORTERS = [...new Set([...MAY_RECORD_SOURCES, ...MAY_DECIDE_LIFECYCLE])];

/**
 * Sources and recommendations from CSV and JSON files, as RegisterImport takes them (the
 * mutations' validation, deciders and roles, row by row): always a dry run first, whose
 * results list every row and every problem; then the files kept from it are imported
 * together, whole or not at all.
 */
@Controller('register/import')
export class RegisterImportPagesController {
  constructor(
    private readonly importer: RegisterImport,
    private readonly uploads: KeptUploads<object>,
    @Inject(IMPORT_LIMIT_BYTES) private readonly limitBytes: number,
  ) {}

  @Get()
  @SignedInPage(...IMPORTERS)
  form(@Res() reply: FastifyReply): FastifyReply {
    return this.showForm(reply, noProblems());
  }

  /** The dry run. A multipart form: its CSRF token is checked before any file is kept. */
  @Post()
  @SignedInPage(...IMPORTERS)
  async check(
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return answerUpload(request, reply, () => this.checkFiles(actor, context, request, reply));
  }

  @Post('import')
  @SignedInForm(...IMPORTERS)
  async import(
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const ids = [fields?.upload].flat().filter((id): id is string => typeof id === 'string');
    const found = ids.map((id) => this.uploads.find(id, actor.id));
    const files = found.filter((upload): upload is KeptFile => upload !== null);
    if (files.length === 0 || files.length < ids.length) {
      await this.removeAll(files);
      return this.showForm(reply, fileNotKept());
    }
    const result = await this.run(files, context, actor, false).finally(() =>
      this.removeAll(files),
    );
    // Someone recorded meanwhile what makes a row wrong now: nothing was written.
    if (result.errorCount > 0) return this.showResults(reply, files, result);
    notify(
      request,
      importedNotice(
        result.recorded,
        files.map((file) => file.filename ?? 'a file'),
      ),
    );
    return reply.redirect('/register/import', 303);
  }

  private async checkFiles(
    actor: Actor,
    context: RequestContext,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    if (!request.isMultipart()) assertCsrfToken(request, undefined);
    const received = await this.receive(actor, request);
    if ('problems' in received) return this.showForm(reply, received.problems);
    const files = received.files;
    let result: RegisterImportResult;
    try {
      result = await this.run(files, context, actor, true);
    } catch (error) {
      await this.removeAll(files);
      // Each file is within the limit, but the import holds all of them to it together.
      if (!(error instanceof DomainError) || error.code !== ErrorCode.PAYLOAD_TOO_LARGE)
        throw error;
      return this.showForm(reply, filesTooLarge(this.limitBytes));
    }
    // Only files that may be imported are kept for the import.
    if (!registerImportResults(result).importable) await this.removeAll(files);
    return this.showResults(reply, files, result);
  }

  /**
   * The form's files, each kept as it arrives: its CSRF token (which comes before the files)
   * checked first, a file input left empty skipped. Answers the files, or the problems with
   * them (and keeps none).
   */
  private async receive(
    actor: Actor,
    request: FastifyRequest,
  ): Promise<{ files: KeptFile[] } | { problems: UploadProblems }> {
    const files: KeptFile[] = [];
    const names: string[] = [];
    let checked = false;
    const refuse = async (problems: UploadProblems) => {
      await this.removeAll(files);
      return { problems };
    };
    try {
      for await (const part of request.files({
        limits: { fileSize: this.limitBytes, files: MOST_FILES },
        throwFileSizeLimit: false,
      })) {
        if (!checked) assertCsrfToken(request, fieldOf(part.fields, '_csrf'));
        checked = true;
        if (part.filename) names.push(part.filename);
        // A file input left empty, or a file that is not one to keep.
        if (!part.filename || readRegisterFiles([part.filename]).problems.length) {
          part.file.resume();
          continue;
        }
        const kept = await this.uploads.keep(part.file, {
          actorId: actor.id,
          filename: part.filename,
        });
        files.push(kept);
        const size = readFileReceived(
          { bytes: kept.bytes, truncated: part.file.truncated },
          this.limitBytes,
        );
        if (size.problems.length) return await refuse(size);
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_FILES_LIMIT') return refuse(tooManyFiles());
      await this.removeAll(files);
      throw error;
    }
    // A form with no file input at all is not this page's.
    if (!checked) assertCsrfToken(request, undefined);
    const chosen = readRegisterFiles(names);
    return chosen.problems.length ? refuse(chosen) : { files };
  }

  private run(
    files: KeptFile[],
    context: RequestContext,
    actor: Actor,
    dryRun: boolean,
  ): Promise<RegisterImportResult> {
    return this.importer.run(actor, {
      files: files.map((file) => ({
        name: file.filename ?? 'file',
        content: this.uploads.read(file),
      })),
      dryRun,
      correlationId: context.correlationId,
    });
  }

  private async removeAll(files: readonly KeptFile[]): Promise<void> {
    await Promise.all(files.map((file) => this.uploads.remove(file)));
  }

  private showForm(reply: FastifyReply, { errors, problems }: UploadProblems): FastifyReply {
    return reply.code(problems.length ? 400 : 200).view('register/import.njk', {
      limit: sizeWords(this.limitBytes),
      mostFiles: MOST_FILES,
      errors,
      problems,
    });
  }

  private showResults(
    reply: FastifyReply,
    files: readonly KeptFile[],
    result: RegisterImportResult,
  ): FastifyReply {
    const results = registerImportResults(result);
    // Files refused by the import are the form's problem; a dry run's results are the page.
    return reply.code(results.dryRun ? 200 : 400).view('register/import-results.njk', {
      uploadIds: files.map((file) => file.id),
      results,
    });
  }
}
