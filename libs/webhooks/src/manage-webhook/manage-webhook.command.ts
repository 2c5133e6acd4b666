import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/kernel';
import type { Webhook, WebhookCommand } from '../domain/webhook';

/** What a registration, change or removal leaves: the webhook and, at registration, its secret. */
export interface ManagedWebhook {
  webhook: Webhook;
  /** Shown once, at registration; never stored in the events. */
  secret: string | null;
}

export class ManageWebhook extends Command<ManagedWebhook> {
  constructor(
    readonly command: WebhookCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}
