import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, CurrentRequest, type RequestContext } from '@app/access';
import { LocalAuthorityRegister } from '@app/areas';
import { Actor, Clock, InvalidInputError, notFound } from '@app/kernel';
import { ProgrammeRollups } from '@app/rollout';
import {
  type ManagedWebhook,
  manageWebhook,
  MAY_MANAGE_WEBHOOKS,
  type Webhook,
  WebhookQueries,
  type WebhookRequest,
} from '@app/webhooks';
import { areaCheckboxes } from '../admin/accounts.view';
import { areaGroupsOf } from '../history/history-page.view';
import { notify, SignedInForm, SignedInPage } from '../signed-in/signed-in-page';
import {
  eventTypeGroups,
  programmeItems,
  readWebhookForm,
  refusalWords,
  type WebhookForm,
  webhookFormOf,
  webhookRequestOf,
  withProblems,
} from './webhook-form';
import { deliveryPagination, deliveryRows, webhookPath, webhookSummary } from './webhooks.view';

declare module 'fastify' {
  interface Session {
    /** A webhook's signing secret, shown once on its page right after it is added. */
    webhookSecret?: { webhookId: string; secret: string };
  }
}

type Fields = Record<string, unknown>;

/** Pages of deliveries shown at a time. */
const PAGE_SIZE = 50;

/** A form's command id: made when it is first shown, so sending it twice changes once. */
const newCommandId = (): string => `site:${randomUUID()}`;

/**
 * Admins' webhooks: the list, adding one (its secret shown once, on its page), and on each
 * webhook's page its delivery log, changing it and removing it. Each form sends the command the
 * API's mutation sends (manageWebhook), whose policy and rules decide; its refusals come back
 * beside the fields they are about.
 */
@Controller('admin/webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhookQueries,
    private readonly commands: CommandBus,
    private readonly areas: LocalAuthorityRegister,
    private readonly rollups: ProgrammeRollups,
    private readonly clock: Clock,
  ) {}

  @Get()
  @SignedInPage(...MAY_MANAGE_WEBHOOKS)
  async list(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const webhooks = await this.webhooks.webhooks(actor);
    return reply.view('webhooks/index.njk', { webhooks: webhooks.map(webhookSummary) });
  }

  @Get('new')
  @SignedInPage(...MAY_MANAGE_WEBHOOKS)
  addForm(@Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.showForm(reply, 'webhooks/webhook-new.njk', webhookFormOf(newCommandId()));
  }

  @Post('new')
  @SignedInForm(...MAY_MANAGE_WEBHOOKS)
  async add(
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const form = readWebhookForm(fields ?? {}, newCommandId);
    const show = (shown: WebhookForm) => this.showForm(reply, 'webhooks/webhook-new.njk', shown);
    if (form.problems.length) return show(form);
    const sent = await this.send(actor, context, form, {
      kind: 'RegisterWebhook',
      ...webhookRequestOf(form),
    });
    if ('refused' in sent) return show(sent.refused);
    const { webhook, secret } = sent.done;
    // Kept in the session (server-side, beside the webhooks' secrets) for the page after the
    // redirect, which shows it once; a retry of the form is answered the same secret.
    request.session.webhookSecret = { webhookId: webhook.id, secret: secret! };
    notify(request, `Webhook added: ${webhook.description}`);
    return reply.redirect(webhookPath(webhook.id), 303);
  }

  @Get(':id')
  @SignedInPage(...MAY_MANAGE_WEBHOOKS)
  async deliveries(
    @Param('id') id: string,
    @Query('after') after: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const webhook = await this.webhooks.webhook(actor, id);
    let page;
    try {
      page = await this.webhooks.deliveries(actor, id, PAGE_SIZE, after || null);
    } catch (error) {
      // A page link that is not one of ours (edited, or cut short): start again from the newest.
      if (error instanceof InvalidInputError && error.field === 'after')
        return reply.redirect(webhookPath(id), 303);
      throw error;
    }
    const kept = request.session.webhookSecret;
    const secret = kept?.webhookId === id ? kept.secret : null;
    if (secret) delete request.session.webhookSecret;
    return reply.view('webhooks/webhook.njk', {
      webhook: webhookSummary(webhook),
      secret,
      count: page.totalCount,
      rows: deliveryRows(page.deliveries),
      pagination: deliveryPagination(id, page),
    });
  }

  @Get(':id/change')
  @SignedInPage(...MAY_MANAGE_WEBHOOKS)
  async changeForm(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const webhook = await this.current(actor, id);
    return this.showForm(
      reply,
      'webhooks/webhook-change.njk',
      webhookFormOf(newCommandId(), webhook),
      webhook,
    );
  }

  @Post(':id/change')
  @SignedInForm(...MAY_MANAGE_WEBHOOKS)
  async change(
    @Param('id') id: string,
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const webhook = await this.current(actor, id);
    const form = readWebhookForm(fields ?? {}, newCommandId);
    const show = (shown: WebhookForm) =>
      this.showForm(reply, 'webhooks/webhook-change.njk', shown, webhook);
    if (form.problems.length) return show(form);
    // None ticked of areas or programmes: every one again, as an empty list in the API.
    const sent = await this.send(actor, context, form, {
      kind: 'ChangeWebhook',
      id,
      ...webhookRequestOf(form),
    });
    if ('refused' in sent) return show(sent.refused);
    notify(request, `Webhook changed: ${sent.done.webhook.description}`);
    return reply.redirect(webhookPath(id), 303);
  }

  @Get(':id/remove')
  @SignedInPage(...MAY_MANAGE_WEBHOOKS)
  async removeForm(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const webhook = await this.current(actor, id);
    return reply.view('webhooks/webhook-remove.njk', {
      webhook: webhookSummary(webhook),
      form: webhookFormOf(newCommandId()),
    });
  }

  @Post(':id/remove')
  @SignedInForm(...MAY_MANAGE_WEBHOOKS)
  async remove(
    @Param('id') id: string,
    @Body() fields: Fields,
    @CurrentActor() actor: Actor,
    @CurrentRequest() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    // Removed already, it is the command's to say whether by this form (a double submit).
    const webhook = await this.webhooks.webhook(actor, id);
    // Only the command id and the reason of the form are read here.
    const form = readWebhookForm(fields ?? {}, newCommandId);
    const { commandId, reason } = webhookRequestOf(form);
    const sent = await this.send(actor, context, form, {
      kind: 'RemoveWebhook',
      id,
      commandId,
      reason,
    });
    if ('refused' in sent) {
      return reply.code(400).view('webhooks/webhook-remove.njk', {
        webhook: webhookSummary(webhook),
        form: sent.refused,
        problems: sent.refused.problems,
      });
    }
    notify(request, `Webhook removed: ${webhook.description}. Nothing more is sent to it`);
    return reply.redirect('/admin/webhooks', 303);
  }

  /**
   * Sends the request as the API does; answers what it did, or the form with the refusal beside
   * its field. A refusal the form cannot say goes on to the pages' filter.
   */
  private async send(
    actor: Actor,
    context: RequestContext,
    form: WebhookForm,
    request: WebhookRequest,
  ): Promise<{ done: ManagedWebhook } | { refused: WebhookForm }> {
    try {
      const done: ManagedWebhook = await this.commands.execute(
        manageWebhook(request, actor, context.correlationId, this.clock.now()),
      );
      return { done };
    } catch (error) {
      const said = refusalWords(error);
      if (!said) throw error;
      return { refused: withProblems(form, { [said.field]: said.text }) };
    }
  }

  /** The webhook, if registered and not removed; "page not found" otherwise. */
  private async current(actor: Actor, id: string): Promise<Webhook> {
    const webhook = await this.webhooks.webhook(actor, id);
    if (webhook.removed) throw notFound('Webhook', id);
    return webhook;
  }

  private async showForm(
    reply: FastifyReply,
    view: string,
    form: WebhookForm,
    webhook?: Webhook,
  ): Promise<FastifyReply> {
    const programmes = await this.rollups.programmes();
    return reply.code(form.problems.length ? 400 : 200).view(view, {
      form,
      problems: form.problems,
      webhook: webhook ? webhookSummary(webhook) : null,
      eventGroups: eventTypeGroups(form.values.eventTypes),
      areaGroups: areaCheckboxes(areaGroupsOf(this.areas), form.values.areaCodes),
      programmes: programmeItems(programmes, form.values.programmeIds),
    });
  }
}
