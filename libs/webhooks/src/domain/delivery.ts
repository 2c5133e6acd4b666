import type { RecordedEvent } from '@app/kernel';
import type { Webhook } from './webhook';

/** What an event is about, as far as a webhook's filters go (the stream names it). */
export interface EventSubjects {
  areaCode: string | null;
  programmeId: string | null;
}

/**
 * Whether an endpoint is told about an event: its type is chosen and, where the webhook names
 * areas or programmes, the event is about one of them (an event about none then does not match).
 */
export function matches(
  webhook: Pick<Webhook, 'eventTypes' | 'areaCodes' | 'programmeIds'>,
  type: string,
  subjects: EventSubjects,
): boolean {
  if (!webhook.eventTypes.includes(type)) return false;
  if (webhook.areaCodes && !(subjects.areaCode && webhook.areaCodes.includes(subjects.areaCode)))
    return false;
  return !(
    webhook.programmeIds &&
    !(subjects.programmeId && webhook.programmeIds.includes(subjects.programmeId))
  );
}

/** A delivery is given up once its first attempt is this long ago. */
export const RETRY_FOR_MS = 24 * 60 * 60 * 1000;
/** However many attempts failed, the next is at most this far off. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/**
 * The wait before the next attempt after `attempts` failed ones: the base doubled each time, at
 * most an hour, with jitter (half to all of it) so that endpoints coming back are not all
 * retried at the same instant. `random` is in [0, 1).
 */
export function retryDelayMs(attempts: number, baseMs: number, random: number): number {
  const full = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full * (0.5 + random / 2));
}

export type DeliveryOutcome = 'DELIVERED' | 'RETRYING' | 'FAILED';

/** An endpoint's answer to one attempt: a status, or why there was none (refused, timed out). */
export type AttemptResult = { status: number; error: null } | { status: null; error: string };

/** One event's delivery to one endpoint, as it stands. */
export interface Delivery {
  eventId: string;
  position: number;
  streamId: string;
  eventType: string;
  outcome: DeliveryOutcome;
  attempts: number;
  statusCode: number | null;
  lastError: string | null;
  firstAttemptAt: string;
  lastAttemptAt: string;
  nextAttemptAt: string | null;
}

/** The delivery after one more attempt at `now`, given the one before (if any). */
export function afterAttempt(
  event: Pick<RecordedEvent, 'eventId' | 'position' | 'streamId' | 'type'>,
  previous: Delivery | undefined,
  result: AttemptResult,
  now: Date,
  retry: { baseMs: number; random: number },
): Delivery {
  const attempts = (previous?.attempts ?? 0) + 1;
  const firstAttemptAt = previous?.firstAttemptAt ?? now.toISOString();
  const delivered = result.status !== null && result.status >= 200 && result.status < 300;
  const nextAt = now.getTime() + retryDelayMs(attempts, retry.baseMs, retry.random);
  const givenUp = !delivered && nextAt - Date.parse(firstAttemptAt) > RETRY_FOR_MS;
  return {
    eventId: event.eventId,
    position: event.position,
    streamId: event.streamId,
    eventType: event.type,
    outcome: delivered ? 'DELIVERED' : givenUp ? 'FAILED' : 'RETRYING',
    attempts,
    statusCode: result.status,
    lastError: delivered
      ? null
      : (result.error ?? `The endpoint answered ${result.status}, not a 2xx status`),
    firstAttemptAt,
    lastAttemptAt: now.toISOString(),
    nextAttemptAt: delivered || givenUp ? null : new Date(nextAt).toISOString(),
  };
}

/**
 * What an endpoint is sent of an event: its facts and place, and who acted by role and
 * organisation, but not their name (endpoints are outside the tracker's own access rules).
 */
export function deliveryBody(event: RecordedEvent): string {
  const actor = event.metadata.actor as { role?: string; organisation?: string | null } | undefined;
  return JSON.stringify({
    id: event.eventId,
    type: event.type,
    streamId: event.streamId,
    version: event.version,
    position: event.position,
    occurredAt: event.metadata.occurredAt ?? null,
    recordedAt: event.recordedAt,
    data: event.data,
    actor: { role: actor?.role ?? null, organisation: actor?.organisation ?? null },
  });
}
