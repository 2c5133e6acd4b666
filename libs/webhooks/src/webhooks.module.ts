import { Module } from '@nestjs/common';
import { WebhookDeliverer } from './delivery/webhook-deliverer';
import { WebhookResolver } from './graphql/webhook.resolver';
import { ManageWebhookHandler } from './manage-webhook/manage-webhook.handler';
import { WebhookQueries } from './webhook-queries';
import { WebhookRegister } from './webhook-register';

/**
 * Webhooks: endpoints told of chosen events, signed, in order, retried for a day. Expects
 * EVENT_STORE, WebhookStore, WEBHOOK_SETTINGS, RUN_PROJECTIONS and Clock (CoreModule), the
 * areas' register and the audit's live events.
 */
@Module({
  providers: [
    WebhookRegister,
    WebhookQueries,
    ManageWebhookHandler,
    WebhookResolver,
    WebhookDeliverer,
  ],
  exports: [WebhookQueries],
})
export class WebhooksModule {}
