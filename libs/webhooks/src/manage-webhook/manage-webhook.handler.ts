import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LocalAuthorityRegister } from '@app/areas';
import { EVENT_STORE, EventStore, runStreamCommand } from '@app/event-store';
import { programmeStream } from '@app/rollout';
import { addressesOfHost } from '../delivery/outbound-request';
import { hostOf } from '../domain/outbound-address';
import { authorize } from '../domain/policy';
import { decideWebhook, foldWebhook, type WebhookCommand, webhookStream } from '../domain/webhook';
import { WEBHOOK_EVENT_TYPES } from '../known-event-types';
import { newSigningSecret } from '../signature';
import { WebhookStore } from '../store/webhook-store';
import { WEBHOOK_SETTINGS, type WebhookSettingsConfig } from '../webhook-settings';
import { ManagedWebhook, ManageWebhook } from './manage-webhook.command';

@CommandHandler(ManageWebhook)
export class ManageWebhookHandler implements ICommandHandler<ManageWebhook, ManagedWebhook> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly secrets: WebhookStore,
    private readonly areas: LocalAuthorityRegister,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettingsConfig,
  ) {}

  async execute({ command, context }: ManageWebhook): Promise<ManagedWebhook> {
    authorize(context.actor);
    const [knownProgrammes, addresses] = await Promise.all([
      this.knownProgrammes(command),
      this.addressesOf(command),
    ]);
    const run = () =>
      runStreamCommand(this.store, {
        streamId: webhookStream(command.id),
        kind: command.kind,
        context,
        fold: foldWebhook,
        decide: (current) =>
          decideWebhook(command, current, {
            loopbackAllowed: this.settings.loopbackAllowed,
            addressesOf: (host) => addresses.get(host) ?? [],
            isKnownEventType: (type) => WEBHOOK_EVENT_TYPES.includes(type),
            isKnownArea: (code) => this.areas.has(code),
            isKnownProgramme: (id) => knownProgrammes.has(id),
          }),
      });
    if (command.kind !== 'RegisterWebhook') return { webhook: (await run()).state!, secret: null };
    // Kept before the registration is written, so that no registered webhook lacks its secret.
    // The webhook's id comes from the command's: a retry is answered the secret kept at first.
    const made = newSigningSecret();
    const secret = await this.secrets.keepSecret(command.id, made);
    try {
      return { webhook: (await run()).state!, secret };
    } catch (error) {
      // A refused registration leaves no secret, unless it was a retry's of one written.
      const written = await this.store.readStream(webhookStream(command.id), { maxCount: 1 });
      if (secret === made && written.length === 0) await this.secrets.forgetSecret(command.id);
      throw error;
    }
  }

  /** What the new address's host resolves to now, for the rule on where webhooks may send. */
  private async addressesOf(command: WebhookCommand): Promise<Map<string, string[]>> {
    const url = 'url' in command && command.url && URL.canParse(command.url) ? command.url : null;
    if (!url) return new Map();
    const host = hostOf(new URL(url));
    return new Map([[host, await addressesOfHost(host)]]);
  }

  /** Those of the programmes named that exist (their streams are read, never behind). */
  private async knownProgrammes(command: WebhookCommand): Promise<Set<string>> {
    const named = 'programmeIds' in command ? (command.programmeIds ?? []) : [];
    const found = await Promise.all(
      named.map(async (id) =>
        (await this.store.readStream(programmeStream(id), { maxCount: 1 })).length > 0 ? id : null,
      ),
    );
    return new Set(found.filter((id): id is string => id !== null));
  }
}
