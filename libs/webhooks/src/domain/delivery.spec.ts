import type { RecordedEvent } from '@app/kernel';
import { afterAttempt, deliveryBody, matches, retryDelayMs, RETRY_FOR_MS } from './delivery';

const LAMBETH = 'E09000022';
const event: RecordedEvent = {
  eventId: 'e-1',
  streamId: `rollout-family-hubs.${LAMBETH}`,
  version: 3,
  position: 42,
  type: 'MilestoneAchieved',
  data: { milestoneKey: 'hub-open', achievedOn: '2025-01-10' },
  metadata: {
    actor: { id: 't-1', name: 'Lou Lambeth', role: 'LOCAL_AUTHORITY', organisation: LAMBETH },
    occurredAt: '2025-01-10T00:00:00.000Z',
  },
  recordedAt: '2025-01-11T09:00:00.000Z',
};

describe('which events an endpoint is sent', () => {
  const about = { areaCode: LAMBETH, programmeId: 'family-hubs' };
  it('matches by type, then by area and programme where the webhook names them', () => {
    const all = { eventTypes: ['MilestoneAchieved'], areaCodes: null, programmeIds: null };
    expect(matches(all, 'MilestoneAchieved', about)).toBe(true);
    expect(matches(all, 'StatusReported', about)).toBe(false);
    expect(matches({ ...all, areaCodes: [LAMBETH] }, 'MilestoneAchieved', about)).toBe(true);
    expect(matches({ ...all, areaCodes: ['E09000001'] }, 'MilestoneAchieved', about)).toBe(false);
    expect(matches({ ...all, programmeIds: ['other'] }, 'MilestoneAchieved', about)).toBe(false);
    // An event about no area does not match a webhook for some areas.
    const none = { areaCode: null, programmeId: null };
    expect(matches({ ...all, areaCodes: [LAMBETH] }, 'MilestoneAchieved', none)).toBe(false);
    expect(matches(all, 'MilestoneAchieved', none)).toBe(true);
  });
});

describe('retries', () => {
  it('waits the base, then twice as long each time, at most an hour, with jitter of up to half', () => {
    expect(retryDelayMs(1, 1000, 0.999999)).toBe(1000);
    expect(retryDelayMs(1, 1000, 0)).toBe(500);
    expect(retryDelayMs(4, 1000, 0.999999)).toBe(8000);
    expect(retryDelayMs(30, 1000, 0)).toBe(30 * 60 * 1000);
  });

  const now = new Date('2025-01-11T10:00:00.000Z');
  const retry = { baseMs: 1000, random: 0.999999 };

  it('records a 2xx as delivered, anything else as retrying with its next attempt', () => {
    const failed = afterAttempt(event, undefined, { status: 500, error: null }, now, retry);
    expect(failed).toMatchObject({
      outcome: 'RETRYING',
      attempts: 1,
      statusCode: 500,
      lastError: 'The endpoint answered 500, not a 2xx status',
      nextAttemptAt: '2025-01-11T10:00:01.000Z',
    });
    const later = new Date(now.getTime() + 1000);
    const refused = afterAttempt(
      event,
      failed,
      { status: null, error: 'ECONNREFUSED' },
      later,
      retry,
    );
    expect(refused).toMatchObject({ outcome: 'RETRYING', attempts: 2, statusCode: null });
    expect(refused.firstAttemptAt).toBe(now.toISOString());
    expect(afterAttempt(event, refused, { status: 204, error: null }, later, retry)).toMatchObject({
      outcome: 'DELIVERED',
      attempts: 3,
      lastError: null,
      nextAttemptAt: null,
    });
  });

  it('gives up when the next attempt would be more than 24 hours after the first', () => {
    const first = afterAttempt(event, undefined, { status: 503, error: null }, now, retry);
    const dayLater = new Date(now.getTime() + RETRY_FOR_MS - 500);
    expect(afterAttempt(event, first, { status: 503, error: null }, dayLater, retry)).toMatchObject(
      { outcome: 'FAILED', attempts: 2, nextAttemptAt: null },
    );
  });
});

describe('what an endpoint is sent', () => {
  it("is the event's facts and place, and who acted by role and organisation, not by name", () => {
    const body = JSON.parse(deliveryBody(event));
    expect(body).toEqual({
      id: 'e-1',
      type: 'MilestoneAchieved',
      streamId: event.streamId,
      version: 3,
      position: 42,
      occurredAt: '2025-01-10T00:00:00.000Z',
      recordedAt: '2025-01-11T09:00:00.000Z',
      data: event.data,
      actor: { role: 'LOCAL_AUTHORITY', organisation: LAMBETH },
    });
    expect(JSON.stringify(body)).not.toContain('Lou Lambeth');
  });
});
