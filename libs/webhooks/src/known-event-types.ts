import { AREA_EVENT_TYPES } from '@app/areas';
import { SEAL_EVENT } from '@app/audit';
import { FUNDING_EVENT_TYPES } from '@app/funding';
import { RECOMMENDATION_EVENT_TYPES } from '@app/recommendations';
import { AREA_ROLLOUT_EVENT_TYPES, PROGRAMME_EVENT_TYPES } from '@app/rollout';

/**
 * The event types an endpoint may choose, from each context's own list. Webhooks' own events are
 * not among them: where deliveries go is for admins, not for other endpoints.
 */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [
  ...new Set([
    ...RECOMMENDATION_EVENT_TYPES,
    ...PROGRAMME_EVENT_TYPES,
    ...AREA_ROLLOUT_EVENT_TYPES,
    ...AREA_EVENT_TYPES,
    ...FUNDING_EVENT_TYPES,
    SEAL_EVENT,
  ]),
];
