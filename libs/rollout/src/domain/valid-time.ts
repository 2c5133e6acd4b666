import { isoDate } from '@app/kernel';
import type { AreaRolloutEvent } from './area-rollout';
import type { ProgrammeEvent } from './programme';

type RolloutEvent = AreaRolloutEvent | ProgrammeEvent;

/**
 * A programme's or an area rollout's event as it bears on the world on `day`, as known now: facts dated after
 * that day do not count yet; a correction to a later date means the milestone was not achieved
 * by then; a withdrawn achievement never happened. Null when the event has no bearing yet.
 */
export function asOnDay(event: RolloutEvent, occurredAt: string, day: string): RolloutEvent | null {
  switch (event.type) {
    case 'ProgrammeCreated':
      return event;
    case 'AreaEnrolled':
      return event.data.enrolledOn <= day ? event : null;
    case 'MilestoneAchieved':
      return event.data.achievedOn <= day ? event : null;
    case 'MilestoneAchievementCorrected':
      return event.data.achievedOn <= day
        ? event
        : {
            type: 'MilestoneAchievementWithdrawn',
            data: {
              milestoneKey: event.data.milestoneKey,
              previousAchievedOn: event.data.previousAchievedOn,
            },
          };
    case 'MilestoneAchievementWithdrawn':
      return event;
    case 'StatusReported':
      return event.data.periodStart <= day ? event : null;
    case 'MilestoneTargetSet':
      // A target moved on a date in England counts from that date.
      return isoDate(new Date(occurredAt)) <= day ? event : null;
    case 'AreaWithdrawn':
      return event.data.withdrawnOn <= day ? event : null;
    // A fact's or national milestone's date may be corrected: which count on a day is decided
    // when the programme is read (factsAsOn), from the dates as they stand.
    case 'ProgrammeFactRecorded':
    case 'ProgrammeFactCorrected':
    case 'NationalMilestoneReached':
    case 'NationalMilestoneCorrected':
      return event;
  }
}
