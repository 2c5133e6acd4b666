import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '@app/access';
import { Actor, InvalidInputError, Role } from '@app/kernel';
import { WebhookQueries } from '@app/webhooks';
import { SignedInPage } from '../signed-in/signed-in-page';
import { deliveryPagination, deliveryRows, webhookPath, webhookSummary } from './webhooks.view';

/** Pages of deliveries shown at a time. */
const PAGE_SIZE = 50;

/** The webhooks and each one's delivery log, for admins (registering is through the API). */
@Controller('admin/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookQueries) {}

  @Get()
  @SignedInPage(Role.ADMIN)
  async list(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const webhooks = await this.webhooks.webhooks(actor);
    return reply.view('webhooks/index.njk', { webhooks: webhooks.map(webhookSummary) });
  }

  @Get(':id')
  @SignedInPage(Role.ADMIN)
  async deliveries(
    @Param('id') id: string,
    @Query('after') after: string | undefined,
    @CurrentActor() actor: Actor,
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
    return reply.view('webhooks/webhook.njk', {
      webhook: webhookSummary(webhook),
      count: page.totalCount,
      rows: deliveryRows(page.deliveries),
      pagination: deliveryPagination(id, page),
    });
  }
}
