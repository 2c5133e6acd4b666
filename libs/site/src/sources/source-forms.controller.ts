import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, CurrentRequest, type RequestContext } from '@app/access';
import { Actor, Clock, isoDate, notFound, SOURCE_ID_PATTERN } from '@app/kernel';
import {
  addSource,
  type ChangeSource,
  correctSource,
  MAY_RECORD_SOURCES,
  type Source,
  StoreSourceCatalogue,
} from '@app/sources';
import { notify, SignedInForm, SignedInPage } from '../signed-in/signed-in-page';
import {
  addSourceRequestOf,
  correctSourceRequestOf,
  kindItems,
  readSourceForm,
  refusalWords,
  type SourceForm,
  sourceFormOf,
  withProblems,
} from './source-form';
import { sourceView } from './sources-view';

type Fields = Record<string, unknown>;

/** A form's command id: made when it is first shown, so sending it twice changes once. */
const newCommandId = (): string => `site:${randomUUID()}`;

const sourcePath = (id: string): string => `/sources/${encodeURIComponent(id)}`;
/** Where a change lands: a signed-in page, as the public one is the same for everyone. */
const recordedPath = (id: string): string => `${sourcePath(id)}/recorded`;

/**
 * The board's forms to add a source and correct one. Each sends the command the API's
 * mutation sends (addSource, correctSource), whose policy and decider decide; the decider's
 * refusals come back beside the fields they are about.
 */
@Controller('sources')
export class SourceFormsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly catalogue: StoreSourceCatalogue,
    private readonly clock: Clock,
  ) {}

  @Get('new')
  @SignedInPage(...MAY_RECORD_SOURCES)
  addForm(@Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.show(reply, sourceFormOf(newCommandId()));
  }

  @Post('new')
  @SignedInForm(...MAY_RECORD_SOURCES)
  async add(
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const form = readSourceForm(fields ?? {}, 'add', this.today(), newCommandId);
    if (form.problems.length) return this.show(reply, form);
    const sent = await this.send(
      form,
      addSource(addSourceRequestOf(form), actor, context.correlationId, this.clock.now()),
    );
    if ('refused' in sent) return this.show(reply, sent.refused);
    notify(request, `Source added: ${sent.done.title}`);
    return reply.redirect(recordedPath(sent.done.id), 303);
  }

  /** The source as recorded, under the banner of the change just made. */
  @Get(':id/recorded')
  @SignedInPage(...MAY_RECORD_SOURCES)
  async recorded(@Param('id') id: string, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const source = await this.current(id);
    return reply.view('sources/source-recorded.njk', {
      source: { ...sourceView(source, []), href: sourcePath(id) },
    });
  }

  @Get(':id/correct')
  @SignedInPage(...MAY_RECORD_SOURCES)
  async correctForm(@Param('id') id: string, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const source = await this.current(id);
    return this.show(reply, sourceFormOf(newCommandId(), source), source);
  }

  @Post(':id/correct')
  @SignedInForm(...MAY_RECORD_SOURCES)
  async correct(
    @Param('id') id: string,
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const source = await this.current(id);
    const form = readSourceForm(fields ?? {}, 'correct', this.today(), newCommandId);
    if (form.problems.length) return this.show(reply, form, source);
    const sent = await this.send(
      form,
      correctSource(
        correctSourceRequestOf(id, form),
        actor,
        context.correlationId,
        this.clock.now(),
      ),
    );
    if ('refused' in sent) return this.show(reply, sent.refused, source);
    notify(request, `Source corrected: ${sent.done.title}`);
    return reply.redirect(recordedPath(id), 303);
  }

  /**
   * Sends the command as the API does; answers the source as it now stands, or the form with
   * the refusal beside its field. A refusal the form cannot say goes on to the pages' filter.
   */
  private async send(
    form: SourceForm,
    command: ChangeSource,
  ): Promise<{ done: Source } | { refused: SourceForm }> {
    try {
      const { state } = await this.commands.execute(command);
      if (!state) throw notFound('Source', command.command.id);
      return { done: state };
    } catch (error) {
      const said = refusalWords(error);
      if (!said) throw error;
      return { refused: withProblems(form, { [said.field]: said.text }) };
    }
  }

  /** The source to correct; "page not found" for one not in the register. */
  private async current(id: string): Promise<Source> {
    const source = SOURCE_ID_PATTERN.test(id) ? await this.catalogue.find(id) : null;
    if (!source) throw notFound('Source', id);
    return source;
  }

  private today(): string {
    return isoDate(this.clock.now());
  }

  private async show(
    reply: FastifyReply,
    form: SourceForm,
    source?: Source,
  ): Promise<FastifyReply> {
    const view = source ? 'sources/source-correct.njk' : 'sources/source-new.njk';
    return reply.code(form.problems.length ? 400 : 200).view(view, {
      form,
      problems: form.problems,
      kinds: kindItems(form.values.kind),
      source: source ? { id: source.id, title: source.title, href: sourcePath(source.id) } : null,
    });
  }
}
