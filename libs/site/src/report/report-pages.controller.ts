import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, CurrentRequest, type RequestContext } from '@app/access';
import { type Actor, Clock, DomainError, ErrorCode, isoDate, Role } from '@app/kernel';
import {
  areaChangeOf,
  type AreaRolloutView,
  type ProgrammeState,
  ReportMilestoneInput,
  ReportStatusInput,
} from '@app/rollout';
import { govukDate } from '../layout/dates';
import { STATUS_NAMES } from '../programmes/programme-map';
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
  reportHome,
  reportPath,
  statusChoices,
  uploadPath,
} from './report-pages.view';
import { type Fact, refusalOf, refusalText } from './report-words';

type Fields = Record<string, unknown>;

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
    const areaCode = this.areas.ownArea(actor);
    return reply.view('report/index.njk', {
      areaName: this.areas.areaName(areaCode),
      programmes: reportHome(areaCode, await this.areas.enrolments(areaCode)),
      uploadHref: uploadPath(),
    });
  }

  @Get(':programmeId/:areaCode')
  @SignedInPage(Role.LOCAL_AUTHORITY)
  async area(
    @Param('programmeId') programmeId: string,
    @Param('areaCode') areaCode: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { programme, view } = await this.areas.area(actor, programmeId, areaCode);
    return reply.view('report/area.njk', {
      area: reportAreaPage(
        programme,
        view.progress,
        view.replacedBy,
        await view.timeline(),
        this.areas.areaName,
      ),
    });
  }

  @Get(':programmeId/:areaCode/milestone')
  @SignedInPage(Role.LOCAL_AUTHORITY)
  async milestoneForm(
    @Param('programmeId') programmeId: string,
    @Param('areaCode') areaCode: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const area = await this.areas.area(actor, programmeId, areaCode);
    return this.showMilestoneForm(reply, area, emptyMilestoneForm(newCommandId()));
  }

  @Post(':programmeId/:areaCode/milestone')
  @SignedInForm(Role.LOCAL_AUTHORITY)
  async reportMilestone(
    @Param('programmeId') programmeId: string,
    @Param('areaCode') areaCode: string,
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const area = await this.areas.area(actor, programmeId, areaCode);
    const keys = area.programme.milestones.map((milestone) => milestone.key);
    const form = readMilestoneForm(fields ?? {}, keys, this.today(), newCommandId);
    if (!form.report) return this.showMilestoneForm(reply, area, form);
    const { milestoneKey, achievedOn, evidence, note } = form.report;
    const input = Object.assign(new ReportMilestoneInput(), {
      programmeId,
      areaCode,
      commandId: form.commandId,
      milestoneKey,
      achievedOn,
      evidence: evidence.length ? evidence : null,
      note,
    });
    try {
      await this.commands.execute(areaChangeOf(input, actor, context.correlationId, this.now()));
    } catch (error) {
      const refused = this.refusal(error, area, { dateFact: 'achievedOn', milestoneKey });
      return this.showMilestoneForm(reply, area, withRefusal(form, 'milestone', refused));
    }
    const title = area.programme.milestones.find((m) => m.key === milestoneKey)?.title;
    notify(request, `${title} reported as achieved on ${govukDate(achievedOn)}`);
    return reply.redirect(reportPath(programmeId, areaCode), 303);
  }

  @Get(':programmeId/:areaCode/status')
  @SignedInPage(Role.LOCAL_AUTHORITY)
  async statusForm(
    @Param('programmeId') programmeId: string,
    @Param('areaCode') areaCode: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const area = await this.areas.area(actor, programmeId, areaCode);
    return this.showStatusForm(reply, area, emptyStatusForm(newCommandId()));
  }

  @Post(':programmeId/:areaCode/status')
  @SignedInForm(Role.LOCAL_AUTHORITY)
  async reportStatus(
    @Param('programmeId') programmeId: string,
    @Param('areaCode') areaCode: string,
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const area = await this.areas.area(actor, programmeId, areaCode);
    const form = readStatusForm(fields ?? {}, this.today(), newCommandId);
    if (!form.report) return this.showStatusForm(reply, area, form);
    const input = Object.assign(new ReportStatusInput(), {
      programmeId,
      areaCode,
      commandId: form.commandId,
      ...form.report,
    });
    try {
      await this.commands.execute(areaChangeOf(input, actor, context.correlationId, this.now()));
    } catch (error) {
      const refused = this.refusal(error, area, { dateFact: 'periodEnd' });
      return this.showStatusForm(reply, area, withRefusal(form, 'status', refused));
    }
    const { rag, periodStart, periodEnd } = form.report;
    notify(
      request,
      `Status reported as ${STATUS_NAMES[rag].toLowerCase()} for ${govukDate(periodStart)} to ${govukDate(periodEnd)}`,
    );
    return reply.redirect(reportPath(programmeId, areaCode), 303);
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
    { programme, view }: { programme: ProgrammeState; view: AreaRolloutView },
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

  private formPage(
    programme: ProgrammeState,
    view: AreaRolloutView,
    kind: 'milestone' | 'status',
  ): Record<string, unknown> {
    const path = reportPath(programme.id, view.progress.areaCode);
    return {
      areaName: view.progress.areaName,
      programmeName: programme.name,
      areaHref: path,
      formAction: `${path}/${kind}`,
    };
  }

  private showMilestoneForm(
    reply: FastifyReply,
    { programme, view }: { programme: ProgrammeState; view: AreaRolloutView },
    form: MilestoneForm,
  ): FastifyReply {
    return reply.code(form.problems.length ? 400 : 200).view('report/milestone.njk', {
      ...this.formPage(programme, view, 'milestone'),
      form,
      problems: form.problems,
      choices: milestoneChoices(view.progress, form.values.milestoneKey),
    });
  }

  private showStatusForm(
    reply: FastifyReply,
    { programme, view }: { programme: ProgrammeState; view: AreaRolloutView },
    form: StatusForm,
  ): FastifyReply {
    return reply.code(form.problems.length ? 400 : 200).view('report/status.njk', {
      ...this.formPage(programme, view, 'status'),
      form,
      problems: form.problems,
      rags: statusChoices(form.values.rag),
    });
  }
}
