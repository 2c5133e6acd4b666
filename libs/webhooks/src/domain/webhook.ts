import { assertText, DomainError, ErrorCode, InvalidInputError } from '@app/kernel';
import { hostOf, refusedAddress } from './outbound-address';

/** What a fold reads of a stored or decided event. */
type Fact = { type: string; data: object };

/** What an endpoint is told about: event types, and optionally only some areas or programmes. */
export interface WebhookSettings {
  url: string;
  eventTypes: string[];
  /** Only events about these areas; null: every event, about an area or not. */
  areaCodes: string[] | null;
  /** Only events about these programmes; null: every event, about a programme or not. */
  programmeIds: string[] | null;
  description: string;
}

export interface WebhookRegistered {
  type: 'WebhookRegistered';
  data: WebhookSettings & { id: string };
}

/** The settings as they stand after the change, whole. */
export interface WebhookChanged {
  type: 'WebhookChanged';
  data: WebhookSettings;
}

export interface WebhookRemoved {
  type: 'WebhookRemoved';
  data: Record<string, never>;
}

export type WebhookEvent = WebhookRegistered | WebhookChanged | WebhookRemoved;

export interface Webhook extends WebhookSettings {
  id: string;
  removed: boolean;
}

export const WEBHOOK_STREAM_PREFIX = 'webhook-';
export const webhookStream = (id: string): string => `${WEBHOOK_STREAM_PREFIX}${id}`;

export type WebhookCommand =
  | ({ kind: 'RegisterWebhook'; id: string } & WebhookSettings)
  | ({ kind: 'ChangeWebhook'; id: string } & Partial<WebhookSettings>)
  | { kind: 'RemoveWebhook'; id: string };

/** What a decision consults beyond the stream: the environment and the other contexts' lists. */
export interface WebhookDecisionContext {
  /** In development and test, loopback addresses are accepted, by plain http: too. */
  loopbackAllowed: boolean;
  /** The IP addresses a host resolved to as the command was handled (none: it did not resolve). */
  addressesOf(host: string): readonly string[];
  isKnownEventType(type: string): boolean;
  isKnownArea(areaCode: string): boolean;
  isKnownProgramme(programmeId: string): boolean;
}

const MAX_URL_LENGTH = 2000;

/** Decides a registration, change or removal; a change to the same settings writes nothing. */
export function decideWebhook(
  command: WebhookCommand,
  current: Webhook | null,
  context: WebhookDecisionContext,
): WebhookEvent[] {
  switch (command.kind) {
    case 'RegisterWebhook': {
      if (current) {
        throw new DomainError(ErrorCode.ALREADY_EXISTS, `Webhook ${command.id} already exists`, {
          id: command.id,
        });
      }
      const { kind: _kind, id, ...settings } = command;
      return [{ type: 'WebhookRegistered', data: { id, ...checkedSettings(settings, context) } }];
    }
    case 'ChangeWebhook': {
      const webhook = existing(current, command.id);
      const { kind: _kind, id: _id, ...changes } = command;
      const defined = Object.fromEntries(
        Object.entries(changes).filter(([, value]) => value !== undefined),
      );
      const settings = checkedSettings({ ...settingsOf(webhook), ...defined }, context);
      if (JSON.stringify(settings) === JSON.stringify(settingsOf(webhook))) return [];
      return [{ type: 'WebhookChanged', data: settings }];
    }
    case 'RemoveWebhook':
      existing(current, command.id);
      return [{ type: 'WebhookRemoved', data: {} }];
  }
}

function existing(current: Webhook | null, id: string): Webhook {
  if (!current || current.removed) {
    throw new DomainError(ErrorCode.NOT_FOUND, `Webhook ${id} was not found`, { id });
  }
  return current;
}

const settingsOf = ({ url, eventTypes, areaCodes, programmeIds, description }: Webhook) => ({
  url,
  eventTypes,
  areaCodes,
  programmeIds,
  description,
});

/** The settings checked, in a fixed key order (so a change to the same is recognised). */
function checkedSettings(
  settings: WebhookSettings,
  context: WebhookDecisionContext,
): WebhookSettings {
  checkUrl(settings.url, context);
  const eventTypes = checkedList('eventTypes', settings.eventTypes, 'event type', (type) =>
    context.isKnownEventType(type),
  );
  const areaCodes =
    settings.areaCodes === null
      ? null
      : checkedList('areaCodes', settings.areaCodes, 'area code', (code) =>
          context.isKnownArea(code),
        );
  const programmeIds =
    settings.programmeIds === null
      ? null
      : checkedList('programmeIds', settings.programmeIds, 'programme', (id) =>
          context.isKnownProgramme(id),
        );
  assertText('description', settings.description, { maxLength: 200 });
  return {
    url: settings.url,
    eventTypes,
    areaCodes,
    programmeIds,
    description: settings.description,
  };
}

function checkUrl(
  url: string,
  { loopbackAllowed, addressesOf }: Pick<WebhookDecisionContext, 'loopbackAllowed' | 'addressesOf'>,
): void {
  // The address is in the events: it keeps the text rule of every text they hold.
  assertText('url', url, { maxLength: MAX_URL_LENGTH });
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed) {
    throw new InvalidInputError(
      'url',
      'absoluteUrl',
      'url must be a whole address such as https://example.org/hooks/tracker',
    );
  }
  const loopbackHttp = parsed.protocol === 'http:' && isLoopback(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(loopbackHttp && loopbackAllowed)) {
    throw new InvalidInputError(
      'url',
      'https',
      'url must start with https: (plain http: is accepted only to a loopback host such as 127.0.0.1, and only in development and test)',
    );
  }
  // Events are read by auditors: a password in the address would be in every one of them.
  if (parsed.username || parsed.password) {
    throw new InvalidInputError(
      'url',
      'noCredentials',
      'url must not hold a user name or password; deliveries are signed instead',
    );
  }
  // A host that does not resolve yet is accepted: each delivery checks it again before connecting.
  const host = hostOf(parsed);
  for (const address of addressesOf(host)) {
    const refused = refusedAddress(address, loopbackAllowed);
    if (refused) {
      throw new InvalidInputError(
        'url',
        'publicAddress',
        `url must be an address on the internet: ${host === address ? host : `${host} is at ${address}`}, ${refused}`,
      );
    }
  }
}

const isLoopback = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);

function checkedList(
  field: string,
  values: readonly string[],
  what: string,
  isKnown: (value: string) => boolean,
): string[] {
  if (values.length === 0) {
    throw new InvalidInputError(
      field,
      'required',
      field === 'eventTypes'
        ? 'eventTypes must name at least one event type'
        : `${field} must name at least one ${what}, or be left out for all`,
    );
  }
  if (new Set(values).size !== values.length) {
    throw new InvalidInputError(field, 'unique', `${field} may name each ${what} once`);
  }
  const unknown = values.filter((value) => !isKnown(value));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      field,
      'known',
      `${field} names no known ${what}: ${unknown.join(', ')}`,
    );
  }
  return [...values];
}

/** The webhook a stream records, if any. */
export const foldWebhook = (events: readonly Fact[]): Webhook | null =>
  events.reduce(evolveWebhook, null);

function evolveWebhook(webhook: Webhook | null, event: Fact): Webhook | null {
  const data: unknown = event.data;
  switch (event.type) {
    case 'WebhookRegistered':
      return { ...(data as WebhookRegistered['data']), removed: false };
    case 'WebhookChanged':
      return webhook && { ...webhook, ...(data as WebhookChanged['data']) };
    case 'WebhookRemoved':
      return webhook && { ...webhook, removed: true };
    default:
      return webhook;
  }
}
