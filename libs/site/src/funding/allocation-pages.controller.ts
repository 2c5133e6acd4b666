import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, CurrentRequest, type RequestContext } from '@app/access';
import { LocalAuthorityRegister } from '@app/areas';
import {
  type AllocationView,
  changeFunding,
  formatPence,
  FundingQueries,
  type FundingRequest,
  fundingInputProblems,
  MAY_RECORD_FUNDING,
} from '@app/funding';
import { Actor, Clock, isoDate, notFound } from '@app/kernel';
import { ProgrammeRollups } from '@app/rollout';
import { areaGroupsOf } from '../history/history-page.view';
import { signedInProgrammesPath } from '../overview/overview.view';
import { notify, SignedInForm, SignedInPage } from '../signed-in/signed-in-page';
import {
  type AllocationForm,
  type AllocationFormKind,
  allocationFormOf,
  announcedField,
  checkAnswerRows,
  inputProblemWords,
  periodChoices,
  periodText,
  readAllocationForm,
  refusalWords,
  withProblems,
} from './allocation-form';
import { allocationPath, NEW_ALLOCATION_PATH } from './funding-view';

type Fields = Record<string, unknown>;

/** A form's command id: made when it is first shown, so sending it twice records once. */
const newCommandId = (): string => `site:${randomUUID()}`;

const VIEWS: Readonly<Record<AllocationFormKind, string>> = {
  record: 'funding/allocation-new.njk',
  correct: 'funding/allocation-correct.njk',
  withdraw: 'funding/allocation-withdraw.njk',
};

/**
 * The board's grant allocation forms: record one (its answers checked before it is recorded),
 * and correct or withdraw one from its row on an area's page. Each sends the request the API's
 * mutations send (changeFunding), checked first by the API's input rules; the funding context's
 * policy and decider decide, and their refusals come back beside the fields they are about.
 */
@Controller('funding/allocations')
export class AllocationPagesController {
  constructor(
    private readonly queries: FundingQueries,
    private readonly commands: CommandBus,
    private readonly areas: LocalAuthorityRegister,
    private readonly rollups: ProgrammeRollups,
    private readonly clock: Clock,
  ) {}

  @Get('new')
  @SignedInPage(...MAY_RECORD_FUNDING)
  recordForm(
    @Query('areaCode') areaCode: string | undefined,
    @Query('programmeId') programmeId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    // Chosen by the link that led here; anything but one value each chooses nothing.
    const one = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const form = allocationFormOf(newCommandId(), {
      areaCode: one(areaCode),
      programmeId: one(programmeId),
    });
    return this.showForm(reply, 'record', form);
  }

  @Post('new')
  @SignedInForm(...MAY_RECORD_FUNDING)
  async record(
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const read = await this.read('record', fields ?? {});
    if (!read.request || fields?.action === 'change')
      return this.showForm(reply, 'record', read.form);
    if (fields?.action !== 'record') {
      // Answers that pass every check are shown once more before they are recorded.
      return reply.code(200).view('funding/allocation-check.njk', {
        form: read.form,
        rows: checkAnswerRows(read.form, await this.names(read.form)),
      });
    }
    const sent = await this.send(actor, context, read.form, read.request);
    if ('refused' in sent) return this.showForm(reply, 'record', sent.refused);
    const { areaName, period } = await this.names(read.form);
    notify(
      request,
      `Grant allocation recorded: ${formatPence(sent.done.amountPence)} to ${areaName} for ${period}`,
    );
    return reply.redirect(areaFundingPath(sent.done), 303);
  }

  /** The form correcting or withdrawing an allocation in force. */
  @Get(':programmeId/:allocationId/:action')
  @SignedInPage(...MAY_RECORD_FUNDING)
  async changeForm(
    @Param('programmeId') programmeId: string,
    @Param('allocationId') allocationId: string,
    @Param('action') action: string,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const kind = changeKindOf(action);
    const allocation = await this.current(programmeId, allocationId);
    return this.showForm(reply, kind, allocationFormOf(newCommandId(), allocation), allocation);
  }

  @Post(':programmeId/:allocationId/:action')
  @SignedInForm(...MAY_RECORD_FUNDING)
  correctOrWithdraw(
    @Param('programmeId') programmeId: string,
    @Param('allocationId') allocationId: string,
    @Param('action') action: string,
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const asked = { kind: changeKindOf(action), programmeId, allocationId, fields };
    return this.change(asked, actor, context, request, reply);
  }

  /** Corrects or withdraws the allocation as the form asks, then back to its area's page. */
  private async change(
    asked: {
      kind: 'correct' | 'withdraw';
      programmeId: string;
      allocationId: string;
      fields: Fields | undefined;
    },
    actor: Actor,
    context: RequestContext,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { kind, programmeId, allocationId } = asked;
    // Withdrawn already, it is the command's to say whether by this form (a double submit).
    const found = await this.find(programmeId, allocationId);
    const allocation = found ?? { allocationId, programmeId, areaCode: '' };
    const shown = async (form: AllocationForm) =>
      this.showForm(reply, kind, form, found ?? (await this.current(programmeId, allocationId)));
    const read = await this.read(kind, asked.fields ?? {}, allocation);
    if (!read.request) return shown(read.form);
    const sent = await this.send(actor, context, read.form, read.request);
    if ('refused' in sent) return shown(sent.refused);
    const amount = formatPence(sent.done.amountPence);
    notify(
      request,
      kind === 'correct'
        ? `Grant allocation corrected: ${sent.done.areaName}, now ${amount}`
        : `Grant allocation withdrawn: ${amount} to ${sent.done.areaName}`,
    );
    return reply.redirect(areaFundingPath(sent.done), 303);
  }

  /** The form as posted, read by the page's rules and then by the API input's own. */
  private async read(
    kind: AllocationFormKind,
    fields: Fields,
    allocation?: Pick<AllocationView, 'allocationId' | 'areaCode' | 'programmeId'>,
  ) {
    const programmes = new Set((await this.rollups.programmes()).map((programme) => programme.id));
    const read = readAllocationForm(fields, newCommandId, {
      kind,
      today: this.today(),
      periods: this.periods(allocation),
      allocation,
      isArea: (code) => this.areas.has(code),
      isProgramme: (id) => programmes.has(id),
    });
    if (!read.request) return read;
    const found = inputProblemWords(fundingInputProblems(read.request));
    return Object.keys(found).length
      ? { form: withProblems(read.form, found), request: null }
      : read;
  }

  /**
   * Sends the request as the API does; answers the allocation as it now stands, or the form with
   * the refusal beside its field. A refusal the form cannot say goes on to the pages' filter.
   */
  private async send(
    actor: Actor,
    context: RequestContext,
    form: AllocationForm,
    request: FundingRequest,
  ): Promise<{ done: AllocationView } | { refused: AllocationForm }> {
    try {
      const change = changeFunding(request, actor, context.correlationId, this.clock.now());
      const { state } = await this.commands.execute(change);
      const allocation = state!.allocations.find(
        (candidate) => candidate.allocationId === change.command.allocationId,
      )!;
      return { done: this.queries.viewOf(allocation) };
    } catch (error) {
      const said = refusalWords(error, this.areaName(form.values.areaCode));
      if (!said) throw error;
      return { refused: withProblems(form, { [said.field]: said.text }) };
    }
  }

  private async find(programmeId: string, allocationId: string): Promise<AllocationView | null> {
    const allocations = await this.queries.allocations({ programmeId });
    return allocations.find((allocation) => allocation.allocationId === allocationId) ?? null;
  }

  /** The allocation, if recorded and not withdrawn; "page not found" otherwise. */
  private async current(programmeId: string, allocationId: string): Promise<AllocationView> {
    const allocation = await this.find(programmeId, allocationId);
    if (!allocation) throw notFound('Grant allocation', allocationId);
    return allocation;
  }

  private today(): string {
    return isoDate(this.clock.now());
  }

  private periods(allocation?: Partial<AllocationView>) {
    return periodChoices(
      this.today(),
      allocation?.periodStart && allocation.periodEnd
        ? { start: allocation.periodStart, end: allocation.periodEnd }
        : undefined,
    );
  }

  private areaName(areaCode: string): string {
    return this.areas.get(areaCode)?.name ?? areaCode;
  }

  private async names(form: AllocationForm) {
    const programme = (await this.rollups.programmes()).find(
      (candidate) => candidate.id === form.values.programmeId,
    );
    return {
      areaName: this.areaName(form.values.areaCode),
      programmeName: programme?.name ?? form.values.programmeId,
      period: periodText(this.periods(), form.values.period),
    };
  }

  private async showForm(
    reply: FastifyReply,
    kind: AllocationFormKind,
    form: AllocationForm,
    allocation?: AllocationView,
  ): Promise<FastifyReply> {
    const programmes = await this.rollups.programmes();
    const periods = this.periods(allocation);
    return reply.code(form.problems.length ? 400 : 200).view(VIEWS[kind], {
      form,
      problems: form.problems,
      allocation: allocation
        ? {
            ...allocation,
            programmeName:
              programmes.find((programme) => programme.id === allocation.programmeId)?.name ??
              allocation.programmeId,
            period: periodText(periods, `${allocation.periodStart}/${allocation.periodEnd}`),
            href: allocationPath(allocation),
            backHref: areaFundingPath(allocation),
          }
        : null,
      action: allocation ? `${allocationPath(allocation)}/${kind}` : NEW_ALLOCATION_PATH,
      announced: announcedField(form),
      areaGroups: areaGroupsOf(this.areas).map((group) => ({
        label: group.label,
        items: group.areas.map((area) => ({
          value: area.areaCode,
          text: area.name,
          selected: area.areaCode === form.values.areaCode,
        })),
      })),
      programmes: programmes.map((programme) => ({
        value: programme.id,
        text: programme.name,
        checked: programme.id === form.values.programmeId,
      })),
      periods: [
        { value: '', text: 'Choose a financial year', selected: !form.values.period },
        ...periods.map((period) => ({ ...period, selected: period.value === form.values.period })),
      ],
    });
  }
}

/** What an allocation's own path asks: correcting or withdrawing it; no other page is there. */
function changeKindOf(action: string): 'correct' | 'withdraw' {
  if (action === 'correct' || action === 'withdraw') return action;
  throw notFound('Page', action);
}

/** The signed-in page of the allocation's area in its programme, at its funding section. */
const areaFundingPath = (allocation: Pick<AllocationView, 'programmeId' | 'areaCode'>): string =>
  `${signedInProgrammesPath}/${allocation.programmeId}/areas/${allocation.areaCode}#funding`;
