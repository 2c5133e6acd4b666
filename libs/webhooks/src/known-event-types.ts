import { AREA_EVENT_TYPES } from '@app/areas';
import { SEAL_EVENT } from '@app/audit';
import { EVALUATION_EVENT_TYPES } from '@app/evaluations';
import { FUNDING_EVENT_TYPES } from '@app/funding';
import { RECOMMENDATION_EVENT_TYPES } from '@app/recommendations';
import { AREA_ROLLOUT_EVENT_TYPES, PROGRAMME_EVENT_TYPES } from '@app/rollout';
import { SOURCE_EVENT_TYPES } from '@app/sources';

/** What the events an endpoint may choose are about, each kind from its context's own list. */
export type WebhookEventKind =
  | 'sources'
  | 'recommendations'
  | 'evaluations'
  | 'funding'
  | 'programmes'
  | 'areaRollout'
  | 'localAuthorities'
  | 'auditTrail';

const KINDS: readonly [WebhookEventKind, readonly string[]][] = [
  ['sources', SOURCE_EVENT_TYPES],
  ['recommendations', RECOMMENDATION_EVENT_TYPES],
  ['evaluations', EVALUATION_EVENT_TYPES],
  ['funding', FUNDING_EVENT_TYPES],
  ['programmes', PROGRAMME_EVENT_TYPES],
  ['areaRollout', AREA_ROLLOUT_EVENT_TYPES],
  ['localAuthorities', AREA_EVENT_TYPES],
  ['auditTrail', [SEAL_EVENT]],
];

/**
 * The event types an endpoint may choose, by kind; a type two contexts write (a milestone's
 * target, set for the nation or an area) is listed under the first. Webhooks' own events are
 * not among them: where deliveries go is for admins, not for other endpoints.
 */
export const WEBHOOK_EVENT_KINDS: readonly { kind: WebhookEventKind; types: readonly string[] }[] =
  KINDS.map(([kind, types], index) => ({
    kind,
    types: types.filter(
      (type) => !KINDS.slice(0, index).some(([, before]) => before.includes(type)),
    ),
  }));

export const WEBHOOK_EVENT_TYPES: readonly string[] = WEBHOOK_EVENT_KINDS.flatMap(
  ({ types }) => types,
);
