import { Module } from '@nestjs/common';
import { WebhooksController } from './webhooks.controller';

/** The webhooks' delivery log for admins; WebhookQueries comes from CoreModule. */
@Module({ controllers: [WebhooksController] })
export class WebhookPagesModule {}
