import { DomainError, ErrorCode } from '@app/kernel';
import {
  type RegisterWebhookRequest,
  type Webhook,
  WEBHOOK_EVENT_KINDS,
  type WebhookEventKind,
} from '@app/webhooks';
import type { Problem } from '../layout/date-input';
import { EVENT_TYPE_NAMES } from '../history/history-filter';
import { postedCommandId } from '../signed-in/command-id';

/**
 * The admins' webhook form in words: read and checked, its choices (event types by kind, areas
 * by region, programmes), and the webhooks context's refusals beside the fields they are about.
 */

type Fields = Record<string, unknown>;
export type WebhookField =
  'url' | 'eventTypes' | 'areaCodes' | 'programmeIds' | 'description' | 'reason';
const FIELDS: readonly WebhookField[] = [
  'url',
  'eventTypes',
  'areaCodes',
  'programmeIds',
  'description',
  'reason',
];

const KIND_NAMES: Readonly<Record<WebhookEventKind, string>> = {
  sources: 'Sources',
  recommendations: 'Recommendations',
  evaluations: 'Evaluations',
  funding: 'Funding',
  programmes: 'Programmes',
  areaRollout: 'Rollout in each area',
  localAuthorities: 'Local authorities',
  auditTrail: 'The audit trail',
};

/** What the form holds, as typed, its problems, and the command id it sends. */
export interface WebhookForm {
  commandId: string;
  values: {
    url: string;
    eventTypes: string[];
    areaCodes: string[];
    programmeIds: string[];
    description: string;
    reason: string;
  };
  errors: Partial<Record<WebhookField, { text: string }>>;
  problems: Problem[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (item): item is string => typeof item === 'string' && item !== '',
  );

/** The form, empty or with a webhook's settings, to send under this command id. */
export const webhookFormOf = (commandId: string, webhook?: Webhook): WebhookForm => ({
  commandId,
  values: {
    url: webhook?.url ?? '',
    eventTypes: webhook ? [...webhook.eventTypes] : [],
    areaCodes: webhook?.areaCodes ? [...webhook.areaCodes] : [],
    programmeIds: webhook?.programmeIds ? [...webhook.programmeIds] : [],
    description: webhook?.description ?? '',
    reason: '',
  },
  errors: {},
  problems: [],
});

/** The form with these problems, each beside its field and in the summary, in the form's order. */
export function withProblems(
  form: WebhookForm,
  found: Partial<Record<WebhookField, string>>,
): WebhookForm {
  const fields = FIELDS.filter((field) => found[field]);
  return {
    ...form,
    errors: Object.fromEntries(fields.map((field) => [field, { text: found[field] }])),
    problems: fields.map((field) => ({ text: found[field] as string, href: `#${field}` })),
  };
}

/**
 * The form as posted. What an admin must give is checked here, so that every missing answer
 * shows at once; the webhooks context checks the rest (the address, the lists) and its refusal
 * comes back through `refusalWords`.
 */
export function readWebhookForm(fields: Fields, newCommandId: () => string): WebhookForm {
  const posted = text(fields.commandId);
  const form: WebhookForm = {
    ...webhookFormOf(postedCommandId(posted, newCommandId)),
    values: {
      url: text(fields.url),
      eventTypes: list(fields.eventTypes),
      areaCodes: list(fields.areaCodes),
      programmeIds: list(fields.programmeIds),
      description: text(fields.description),
      reason: text(fields.reason),
    },
  };
  const { values } = form;
  return withProblems(form, {
    url: values.url ? undefined : 'Enter the address the deliveries are sent to',
    eventTypes: values.eventTypes.length ? undefined : 'Select at least one event to send',
    description: values.description
      ? undefined
      : 'Enter a description, such as the system that receives the deliveries',
  });
}

/** What a checked form asks: none ticked of areas or programmes is every one of them. */
export const webhookRequestOf = ({ commandId, values }: WebhookForm): RegisterWebhookRequest => ({
  commandId,
  url: values.url,
  eventTypes: values.eventTypes,
  areaCodes: values.areaCodes,
  programmeIds: values.programmeIds,
  description: values.description,
  reason: values.reason || undefined,
});

const URL_WORDS: Readonly<Record<string, string>> = {
  absoluteUrl: 'Enter the whole address, like https://warehouse.example.gov.uk/hooks/tracker',
  https: 'The address must start with https://',
  noCredentials: 'The address must not hold a user name or password: deliveries are signed',
  maxLength: 'The address must be 2000 characters or fewer',
};
const INTERNAL_ADDRESS = /^url must be an address on the internet: (.*)$/;

/**
 * A refusal of the webhooks context in the form's words, on the field it is about; null for one
 * the form cannot say (a failure, or a refusal of access, which the pages' filter shows).
 */
export function refusalWords(error: unknown): { field: WebhookField; text: string } | null {
  if (!(error instanceof DomainError) || error.code !== ErrorCode.BAD_USER_INPUT) return null;
  const field = typeof error.details.field === 'string' ? error.details.field : null;
  const rule = typeof error.details.rule === 'string' ? error.details.rule : null;
  switch (field) {
    case 'url': {
      const internal = INTERNAL_ADDRESS.exec(error.message);
      if (rule === 'publicAddress' && internal) {
        return {
          field,
          text: `The address must be on the internet, not inside a network: ${internal[1]}`,
        };
      }
      return { field, text: URL_WORDS[rule ?? ''] ?? error.message };
    }
    case 'eventTypes':
      return { field, text: 'Select events from the list' };
    case 'areaCodes':
      return { field, text: 'Select local authorities from the list' };
    case 'programmeIds':
      return { field, text: 'Select programmes from the list' };
    case 'description':
      return {
        field,
        text:
          rule === 'maxLength'
            ? 'The description must be 200 characters or fewer'
            : error.message.replace(/^description/, 'The description'),
      };
    default:
      return null;
  }
}

/** A group of checkboxes: its label, and each choice with its value, words and whether ticked. */
export interface CheckboxGroup {
  label: string;
  items: { value: string; text: string; checked: boolean }[];
}

/** The event types by kind, in words, those of the form ticked. */
export const eventTypeGroups = (chosen: readonly string[]): CheckboxGroup[] =>
  WEBHOOK_EVENT_KINDS.map(({ kind, types }) => ({
    label: KIND_NAMES[kind],
    items: types.map((type) => ({
      value: type,
      text: EVENT_TYPE_NAMES[type] ?? type,
      checked: chosen.includes(type),
    })),
  }));

/** The programmes, by name, those of the form ticked. */
export const programmeItems = (
  programmes: readonly { id: string; name: string }[],
  chosen: readonly string[],
): CheckboxGroup['items'] =>
  programmes.map((programme) => ({
    value: programme.id,
    text: programme.name,
    checked: chosen.includes(programme.id),
  }));
