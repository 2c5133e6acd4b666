import { HistoryScope, seesWhoAndWhy } from '@app/access';
import type { RecordedEvent } from '@app/event-store';
import { EventMetadata, instantOf } from '@app/kernel';
import type { AuditFilter } from './audit-trail.read-model';
import { subjectsOf } from './stream-subjects';

/**
 * The same filter and scope as the audit trail's SQL, as a test of one event: for the live feed
 * and for reading the store itself where no read model is kept up to date (the CLI).
 */
export function auditFilterPredicate(
  filter: AuditFilter,
  scope: HistoryScope,
): (event: RecordedEvent) => boolean {
  const bound = (field: keyof AuditFilter, end: boolean): string | null => {
    const value = filter[field];
    return value ? instantOf(field, value, end) : null;
  };
  const recordedFrom = bound('recordedFrom', false);
  const recordedTo = bound('recordedTo', true);
  const occurredFrom = bound('occurredFrom', false);
  const occurredTo = bound('occurredTo', true);
  return (event) => {
    const subjects = subjectsOf(event.streamId);
    const metadata = event.metadata as Partial<EventMetadata>;
    const occurredAt = metadata.occurredAt ?? '';
    const actor = metadata.actor;
    const checks: [string | null | undefined, unknown][] = [
      [filter.streamId, event.streamId],
      [filter.recommendationId, subjects.recommendationId],
      [filter.programmeId, subjects.programmeId],
      [filter.areaCode, subjects.areaCode],
      [filter.actorId, actor?.id],
      [filter.role, actor?.role],
      [filter.eventType, event.type],
    ];
    return (
      checks.every(([wanted, actual]) => !wanted || wanted === actual) &&
      (!recordedFrom || event.recordedAt >= recordedFrom) &&
      (!recordedTo || event.recordedAt <= recordedTo) &&
      (!occurredFrom || occurredAt >= occurredFrom) &&
      (!occurredTo || occurredAt <= occurredTo) &&
      seesWhoAndWhy(scope, subjects.areaCode, actor)
    );
  };
}
