import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, CurrentRequest, type RequestContext } from '@app/access';
import {
  type Actor,
  Clock,
  DomainError,
  ErrorCode,
  historyScopeOf,
  isoDate,
  notFound,
  Role,
} from '@app/kernel';
import {
  areaChangeOf,
  type AreaRolloutView,
  type ProgrammeState,
  ReportMilestoneInput,
  ReportStatusInput,
} from '@app/rollout';
import { govukDate } from '../layout/dates';
import { STATUS_NAMES } from '../programmes/programme-map';
import { inWords } from '../signed-in/signed-in-actor';
import { notify, SignedInForm, SignedInPage } from '../signed-in/signed-in-page';
import { OfficerAreas } from './officer-areas';
import {
  emptyMilestoneForm,
  emptyStatusForm,
  type MilestoneForm,
  readMilestoneForm,
  readStatusForm,
  type StatusForm,
  withRefusal,
} from './report-forms';
import {
  milestoneChoices,
  reportAreaPage,
  reportHomeOfAreas,
  reportPath,
  statusChoices,
  uploadPath,
} from './report-pages.view';
import { type Fact, refusalOf, refusalText } from './report-words';

type Fields = Record<string, unknown>;
type AreaParams = { programmeId: string; areaCode: string };
type FormParams = AreaParams & { form: string };
/** The area's two forms, named as their paths and templates are. */
type FormKind = 'milestone' | 'status';
const formKindOf = (form: string): FormKind => {
  if (form !== 'milestone' && form !== 'status') throw notFound('Page', form);
  return form;
};
/** A form as posted, and what it sends when it has no problem. */
interface FormRead {
  form: MilestoneForm | StatusForm;
  report: {
    input: ReportMilestoneInput | ReportStatusInput;
    about: { dateFact: Fact; milestoneKey?: string };
    notice: string;
  } | null;
}
type OfficerArea = { programme: ProgrammeState; view: AreaRolloutView };
/** What a form's POST handles: who sent it, and the request and reply. */
interface Exchange {
  actor: Actor;
  context: RequestContext;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** A form's command id: made when it is first shown, so sending it twice records it once. */
const newCommandId = (): string => `site:${randomUUID()}`;

/**
 * A local authority officer's pages: their programmes, an area's rollout, and the forms that
 * report a milestone or a status. The forms send the commands the GraphQL mutations send
 * (reportMilestone, reportStatus) on the command bus, so the rollout context's policy and
 * rules decide; its refusals come back beside the fields they are about.
 */
@Controller('report')
export class ReportPagesController {
  constructor(
    private readonly areas: OfficerAreas,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Get()
  @SignedInPage(Role.LOCAL_AUTHORITY)
  async home(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const areas = await Promise.all(
      this.areas.ownAreas(actor).map(async (areaCode) => ({
        areaCode,
        areaName: this.areas.areaName(areaCode),
        enrolments: await this.areas.enrolments(areaCode),
      })),
    );
    return reply.view('report/index.njk', {
      areaName: inWords(areas.map((area) => area.areaName)),
      programmes: reportHomeOfAreas(areas),
      uploadHref: uploadPath(),
    });
  }

  @Get(':programmeId/:areaCode')
  @SignedInPage(Role.LOCAL_AUTHORITY)
  async area(
    @Param() { programmeId, areaCode }: AreaParams,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { programme, view } = await this.areas.area(actor, programmeId, areaCode);
    const found = { programme, view, events: await view.timeline() };
    return reply.view('report/area.njk', {
      area: reportAreaPage(found, this.areas.areaName, historyScopeOf(actor)),
    });
  }

  @Get(':programmeId/:areaCode/:form')
  @SignedInPage(Role.LOCAL_AUTHORITY)
  async form(
    @Param() { programmeId, areaCode, form }: FormParams,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const kind = formKindOf(form);
    const area = await this.areas.area(actor, programmeId, areaCode);
    const commandId = newCommandId();
    const empty = kind === 'milestone' ? emptyMilestoneForm(commandId) : emptyStatusForm(commandId);
    return this.show(reply, area, kind, empty);
  }

  @Post(':programmeId/:areaCode/:form')
  @SignedInForm(Role.LOCAL_AUTHORITY)
  async report(
    @Param() { programmeId, areaCode, form }: FormParams,
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const kind = formKindOf(form);
    const area = await this.areas.area(actor, programmeId, areaCode);
    const read =
      kind === 'milestone'
        ? this.milestoneReport(area, fields ?? {})
        : this.statusReport(area, fields ?? {});
    return this.send({ actor, context, request, reply }, area, kind, read);
  }

  /** The milestone form as posted, and the report it sends (ReportMilestoneInput) if it may. */
  private milestoneReport({ programme, view }: OfficerArea, fields: Fields): FormRead {
    const keys = programme.milestones.map((milestone) => milestone.key);
    const form = readMilestoneForm(fields, keys, this.today(), newCommandId);
    const report = form.report;
    const title = programme.milestones.find((m) => m.key === report?.milestoneKey)?.title;
    return {
      form,
      report: report && {
        input: Object.assign(new ReportMilestoneInput(), {
          programmeId: programme.id,
          areaCode: view.progress.areaCode,
          commandId: form.commandId,
          ...report,
          evidence: report.evidence.length ? report.evidence : null,
        }),
        about: { dateFact: 'achievedOn', milestoneKey: report.milestoneKey },
        notice: `${title} reported as achieved on ${govukDate(report.achievedOn)}`,
      },
    };
  }

  /** The status form as posted, and the report it sends (ReportStatusInput) if it may. */
  private statusReport({ programme, view }: OfficerArea, fields: Fields): FormRead {
    const form = readStatusForm(fields, this.today(), newCommandId);
    const report = form.report;
    return {
      form,
      report: report && {
        input: Object.assign(new ReportStatusInput(), {
          programmeId: programme.id,
          areaCode: view.progress.areaCode,
          commandId: form.commandId,
          ...report,
        }),
        about: { dateFact: 'periodEnd' },
        notice: `Status reported as ${STATUS_NAMES[report.rag].toLowerCase()} for ${govukDate(report.periodStart)} to ${govukDate(report.periodEnd)}`,
      },
    };
  }

  /**
   * Sends a form's report as the GraphQL mutation does, then post-redirect-get with a notice;
   * a form with problems, or refused in words it has, is shown again with them.
   */
  private async send(
    { actor, context, request, reply }: Exchange,
    area: OfficerArea,
    kind: FormKind,
    { form, report }: FormRead,
  ): Promise<FastifyReply> {
    if (!report) return this.show(reply, area, kind, form);
    try {
      await this.commands.execute(
        areaChangeOf(report.input, actor, context.correlationId, this.now()),
      );
    } catch (error) {
      const refused = this.refusal(error, area, report.about);
      return this.show(reply, area, kind, withRefusal(form, kind, refused));
    }
    notify(request, report.notice);
    return reply.redirect(reportPath(area.programme.id, area.view.progress.areaCode), 303);
  }

  private now(): Date {
    return this.clock.now();
  }

  private today(): string {
    return isoDate(this.now());
  }

  /**
   * A refusal of the rollout context in the form's words. What the form cannot say (the
   * officer's area refused, a failure) goes on to the signed-in pages' filter.
   */
  private refusal(
    error: unknown,
    { programme, view }: OfficerArea,
    about: { dateFact: Fact; milestoneKey?: string },
  ): { fact: Fact | null; text: string; commandId?: string } {
    if (!(error instanceof DomainError) || error.code === ErrorCode.FORBIDDEN) throw error;
    const said = refusalText(
      refusalOf(error),
      { areaCode: view.progress.areaCode, ...about },
      this.areas.names(programme),
    );
    if (!said) throw error;
    // A command id used for other answers cannot be sent again: the form gets a new one.
    return error.code === ErrorCode.IDEMPOTENCY_CONFLICT
      ? { ...said, commandId: newCommandId() }
      : said;
  }

  private show(
    reply: FastifyReply,
    { programme, view }: OfficerArea,
    kind: FormKind,
    form: MilestoneForm | StatusForm,
  ): FastifyReply {
    const path = reportPath(programme.id, view.progress.areaCode);
    return reply.code(form.problems.length ? 400 : 200).view(`report/${kind}.njk`, {
      areaName: view.progress.areaName,
      programmeName: programme.name,
      areaHref: path,
      formAction: `${path}/${kind}`,
      form,
      problems: form.problems,
      choices: milestoneChoices(
        view.progress,
        'milestoneKey' in form.values ? form.values.milestoneKey : '',
      ),
      rags: statusChoices('rag' in form.values ? form.values.rag : ''),
    });
  }
}
