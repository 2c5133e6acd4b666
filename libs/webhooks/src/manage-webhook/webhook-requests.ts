import { Actor, type CommandEnvelope, commandContextOf, idForCommand } from '@app/kernel';
import type { WebhookCommand } from '../domain/webhook';
import { ManageWebhook } from './manage-webhook.command';

/** A registration as the API's input, the admins' form and the CLI ask for it. */
export interface RegisterWebhookRequest extends CommandEnvelope {
  url: string;
  eventTypes: string[];
  /** Left out, null or empty: every event. */
  areaCodes?: string[] | null;
  programmeIds?: string[] | null;
  description: string;
}

/** A change: what is left out (or null) stays as it is; an empty filter means every event again. */
export interface ChangeWebhookRequest extends CommandEnvelope {
  id: string;
  url?: string | null;
  eventTypes?: string[] | null;
  areaCodes?: string[] | null;
  programmeIds?: string[] | null;
  description?: string | null;
}

export interface RemoveWebhookRequest extends CommandEnvelope {
  id: string;
}

export type WebhookRequest =
  | ({ kind: 'RegisterWebhook' } & RegisterWebhookRequest)
  | ({ kind: 'ChangeWebhook' } & ChangeWebhookRequest)
  | ({ kind: 'RemoveWebhook' } & RemoveWebhookRequest);

/** The id of the webhook a registration makes: a retry of it names the same one. */
export const webhookIdFor = (commandId: string): string => idForCommand('webhook', commandId);

const filterChange = (values: string[] | null | undefined): string[] | null | undefined =>
  values === undefined || values === null ? undefined : values.length === 0 ? null : values;

/**
 * The command for a request, in one way for the API, the pages and the CLI: the request is its
 * envelope and fingerprint, so a retry under the same command id is recognised on every path.
 */
export function manageWebhook(
  { kind, ...request }: WebhookRequest,
  actor: Actor,
  correlationId: string,
  now: Date,
): ManageWebhook {
  const context = commandContextOf(request, actor, correlationId, now);
  const command = ((): WebhookCommand => {
    switch (kind) {
      case 'RegisterWebhook': {
        const input = request as RegisterWebhookRequest;
        return {
          kind,
          id: webhookIdFor(context.commandId),
          url: input.url,
          eventTypes: input.eventTypes,
          areaCodes: input.areaCodes?.length ? input.areaCodes : null,
          programmeIds: input.programmeIds?.length ? input.programmeIds : null,
          description: input.description,
        };
      }
      case 'ChangeWebhook': {
        const input = request as ChangeWebhookRequest;
        return {
          kind,
          id: input.id,
          url: input.url ?? undefined,
          eventTypes: input.eventTypes ?? undefined,
          areaCodes: filterChange(input.areaCodes),
          programmeIds: filterChange(input.programmeIds),
          description: input.description ?? undefined,
        };
      }
      case 'RemoveWebhook':
        return { kind, id: (request as RemoveWebhookRequest).id };
    }
  })();
  return new ManageWebhook(command, context);
}
