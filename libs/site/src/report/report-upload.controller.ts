import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart'; // request.file() and isMultipart()
import { CurrentActor, CurrentRequest, type RequestContext } from '@app/access';
import { type Actor, DomainError, notFound, Role } from '@app/kernel';
import { IMPORT_LIMIT_BYTES } from '@app/platform';
import { MilestoneImport, type MilestoneImportResult, type ProgrammeState } from '@app/rollout';
import { inWords } from '../signed-in/signed-in-actor';
import { assertCsrfToken, notify, SignedInForm, SignedInPage } from '../signed-in/signed-in-page';
import { importResults, milestonesWord } from './import-results.view';
import { answerUpload, type KeptUpload, KeptUploads } from './kept-uploads';
import { OfficerAreas } from './officer-areas';
import { reportPath, uploadPath } from './report-pages.view';
import {
  fileNameProblem,
  fileNotKept,
  noProblems,
  readFileReceived,
  readUploadForm,
  sizeWords,
  type UploadProblems,
} from './upload-form';

type Fields = Record<string, unknown>;

/**
 * Milestones from a CSV file, as the HTTP import takes them (MilestoneImport, which asks the
 * rollout context's policy and rules row by row): always a dry run first, whose results list
 * every row and every problem; then the file kept from it is imported, whole or not at all.
 */
@Controller('report/upload')
export class ReportUploadController {
  constructor(
    private readonly areas: OfficerAreas,
    private readonly importer: MilestoneImport,
    private readonly uploads: KeptUploads,
    @Inject(IMPORT_LIMIT_BYTES) private readonly limitBytes: number,
  ) {}

  @Get()
  @SignedInPage(Role.LOCAL_AUTHORITY)
  async form(
    @Query('programme') programme: unknown,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const chosen = typeof programme === 'string' ? programme : '';
    return this.showForm(reply, actor, chosen, noProblems());
  }

  /** The dry run. A multipart form: its CSRF token is checked here, before the file is read. */
  @Post()
  @SignedInPage(Role.LOCAL_AUTHORITY)
  async check(
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return answerUpload(request, reply, () => this.checkUpload(actor, context, request, reply));
  }

  @Post('import')
  @SignedInForm(Role.LOCAL_AUTHORITY)
  async import(
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const id = typeof fields?.upload === 'string' ? fields.upload : '';
    const upload = this.uploads.find(id, actor.id);
    if (!upload) return this.showForm(reply, actor, '', fileNotKept());
    const programme = await this.programmeOf(actor, upload.programmeId);
    const result = await this.run(upload, actor, context, false).finally(() =>
      this.uploads.remove(upload),
    );
    // Someone reported meanwhile what makes a row wrong now: nothing was written.
    if (result.errorCount > 0) {
      return this.showResults(
        reply,
        programme,
        upload,
        importResults(result, this.areas.names(programme), this.areas.ownAreas(actor)),
      );
    }
    notify(
      request,
      `${milestonesWord(result.recorded)} imported from ${upload.filename ?? 'the file'}`,
    );
    // An officer of one area sees it; one of several, all their programmes.
    const areaCodes = this.areas.ownAreas(actor);
    return reply.redirect(
      areaCodes.length === 1 ? reportPath(programme.id, areaCodes[0]) : '/report',
      303,
    );
  }

  private async checkUpload(
    actor: Actor,
    context: RequestContext,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    const part = request.isMultipart()
      ? await request.file({
          limits: { fileSize: this.limitBytes, files: 1 },
          throwFileSizeLimit: false,
        })
      : undefined;
    const field = (name: string): string => {
      const value = part?.fields[name];
      return value && !Array.isArray(value) && value.type === 'field' ? String(value.value) : '';
    };
    assertCsrfToken(request, field('_csrf'));
    const programmeId = field('programme');
    const offered = await this.areas.programmesOf(actor);
    const chosen = readUploadForm(
      { programmeId, filename: part?.filename ?? '' },
      offered.map((programme) => programme.id),
    );
    if (!part || chosen.problems.length) {
      part?.file.resume();
      return this.showForm(reply, actor, programmeId, chosen);
    }
    const upload = await this.uploads.keep(part.file, {
      actorId: actor.id,
      programmeId,
      filename: part.filename,
    });
    const received = readFileReceived(
      { bytes: upload.bytes, truncated: part.file.truncated },
      this.limitBytes,
    );
    if (received.problems.length) {
      await this.uploads.remove(upload);
      return this.showForm(reply, actor, programmeId, received);
    }
    const programme = offered.find((candidate) => candidate.id === programmeId)!;
    let result: MilestoneImportResult;
    try {
      result = await this.run(upload, actor, context, true);
    } catch (error) {
      await this.uploads.remove(upload);
      // The import refuses a file name breaking the text rule before it reads the file.
      if (!(error instanceof DomainError) || error.details.field !== 'filename') throw error;
      return this.showForm(reply, actor, programmeId, fileNameProblem());
    }
    const results = importResults(result, this.areas.names(programme), this.areas.ownAreas(actor));
    // Only a file that may be imported is kept for the import.
    if (!results.importable) await this.uploads.remove(upload);
    return this.showResults(reply, programme, upload, results);
  }

  private run(
    upload: KeptUpload,
    actor: Actor,
    context: RequestContext,
    dryRun: boolean,
  ): Promise<MilestoneImportResult> {
    return this.importer.run(this.uploads.read(upload), actor, {
      programmeId: upload.programmeId,
      dryRun,
      source: upload.filename,
      correlationId: context.correlationId,
    });
  }

  /** The programme of a kept upload, while one of the officer's areas is enrolled in it. */
  private async programmeOf(actor: Actor, programmeId: string): Promise<ProgrammeState> {
    const programme = (await this.areas.programmesOf(actor)).find(
      (candidate) => candidate.id === programmeId,
    );
    if (!programme) throw notFound('Programme', programmeId);
    return programme;
  }

  private async showForm(
    reply: FastifyReply,
    actor: Actor,
    programmeId: string,
    { errors, problems }: UploadProblems,
  ): Promise<FastifyReply> {
    const areaCodes = this.areas.ownAreas(actor);
    const programmes = await this.areas.programmesOf(actor);
    return reply.code(problems.length ? 400 : 200).view('report/upload.njk', {
      areaCodes: inWords(areaCodes),
      areaName: inWords(areaCodes.map(this.areas.areaName)),
      several: areaCodes.length > 1,
      programmes,
      choices: programmes.map((programme) => ({
        value: programme.id,
        text: programme.name,
        checked: programme.id === programmeId,
      })),
      limit: sizeWords(this.limitBytes),
      errors,
      problems,
    });
  }

  private showResults(
    reply: FastifyReply,
    programme: ProgrammeState,
    upload: KeptUpload,
    results: ReturnType<typeof importResults>,
  ): FastifyReply {
    // A file refused by the import is the form's problem; a dry run's results are the page.
    return reply.code(results.dryRun ? 200 : 400).view('report/upload-results.njk', {
      programmeName: programme.name,
      filename: upload.filename,
      uploadId: upload.id,
      uploadHref: uploadPath(programme.id),
      results,
    });
  }
}
