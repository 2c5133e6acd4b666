import type { RecordedEvent } from '@app/kernel';
import {
  parseAreaRolloutStream,
  type AreaProgress,
  type AreaRolloutEvent,
  type ProgrammeState,
} from '@app/rollout';
import { govukDate } from '../layout/dates';
import { publicActorOf } from '../public-view/public-actor';
import { MAP_KEY, STATUS_NAMES } from './programme-map';
import { programmePath } from './programme-pages.view';

/**
 * One step of an area's public timeline, as partials/timeline.njk shows it: what happened, when
 * (in words), by whom, why and the evidence.
 */
export interface TimelineStep {
  title: string;
  date: string;
  by: string;
  reason: string | null;
  evidence: string[];
}

export interface AreaPage {
  programme: { name: string; href: string };
  areaName: string;
  regionName: string;
  stage: string;
  enrolledOn: string;
  pilot: boolean;
  wave: string | null;
  withdrawnOn: string | null;
  /** The latest status colour and the period it covers; its commentary is never public. */
  status: { colour: string; periodStart: string; periodEnd: string } | null;
  milestones: {
    title: string;
    targetDate: string | null;
    achievedOn: string | null;
    overdue: boolean;
  }[];
  /** The former areas whose rollout it carries, by name. */
  carries: string[];
  replacedBy: { names: string[]; on: string } | null;
  steps: TimelineStep[];
}

/** What an area rollout event says happened, in words; status commentary is left out. */
export function whatHappened(
  event: AreaRolloutEvent,
  programme: ProgrammeState,
  areaName: (code: string) => string,
): string {
  const title = (key: string): string =>
    programme.milestones.find((milestone) => milestone.key === key)?.title ?? key;
  switch (event.type) {
    case 'AreaEnrolled': {
      const { pilot, wave, inheritedFrom } = event.data;
      return [
        `Enrolled${pilot ? ' as a pilot' : ''}${wave ? ` in wave ${wave}` : ''}`,
        inheritedFrom ? `, carrying on the enrolment of ${areaName(inheritedFrom)}` : '',
      ].join('');
    }
    case 'MilestoneAchieved':
      return `${title(event.data.milestoneKey)}: achieved on ${govukDate(event.data.achievedOn)}${event.data.note ? `. ${event.data.note}` : ''}`;
    case 'MilestoneAchievementCorrected':
      return `${title(event.data.milestoneKey)}: date achieved corrected to ${govukDate(event.data.achievedOn)} (was ${govukDate(event.data.previousAchievedOn)})`;
    case 'MilestoneAchievementWithdrawn':
      return `${title(event.data.milestoneKey)}: no longer recorded as achieved (had been recorded on ${govukDate(event.data.previousAchievedOn)})`;
    case 'StatusReported':
      return `Status reported as ${STATUS_NAMES[event.data.rag].toLowerCase()} for ${govukDate(event.data.periodStart)} to ${govukDate(event.data.periodEnd)}`;
    case 'MilestoneTargetSet':
      return `${title(event.data.milestoneKey)}: target set for ${govukDate(event.data.targetDate)}${event.data.previousTargetDate ? ` (was ${govukDate(event.data.previousTargetDate)})` : ''}`;
    case 'AreaWithdrawn':
      return `Withdrawn from the programme on ${govukDate(event.data.withdrawnOn)}`;
  }
}

const isWebLink = (url: string): boolean => /^https?:\/\//i.test(url);

/**
 * A stored event as a public step. Events of a former area the area carries say so. Who did it
 * is their role and organisation only, never their name.
 */
export function timelineStep(
  recorded: RecordedEvent,
  programme: ProgrammeState,
  areaCode: string,
  areaName: (code: string) => string,
): TimelineStep {
  const metadata = recorded.metadata as {
    actor: { role: string; organisation?: string | null };
    occurredAt: string;
    reason?: string | null;
    evidence?: string[];
  };
  const eventArea = parseAreaRolloutStream(recorded.streamId).areaCode;
  const what = whatHappened(recorded as unknown as AreaRolloutEvent, programme, areaName);
  return {
    title: eventArea === areaCode ? what : `${areaName(eventArea)}: ${what}`,
    date: govukDate(metadata.occurredAt),
    by: publicActorOf(metadata.actor),
    reason: metadata.reason ?? null,
    evidence: (metadata.evidence ?? []).filter(isWebLink),
  };
}

export function areaPage(
  programme: ProgrammeState,
  progress: AreaProgress,
  replacedBy: { successors: string[]; effectiveFrom: string } | null,
  events: readonly RecordedEvent[],
  areaName: (code: string) => string,
  sliceQuery: string,
  base?: string,
): AreaPage {
  return {
    programme: { name: programme.name, href: programmePath(programme.id, base) + sliceQuery },
    areaName: progress.areaName,
    regionName: progress.regionName,
    stage: MAP_KEY[progress.stage].label,
    enrolledOn: progress.enrolledOn,
    pilot: progress.pilot,
    wave: progress.wave,
    withdrawnOn: progress.withdrawnOn,
    status: progress.status && {
      colour: STATUS_NAMES[progress.status.rag],
      periodStart: progress.status.periodStart,
      periodEnd: progress.status.periodEnd,
    },
    milestones: progress.milestones.map(({ title, targetDate, achievedOn, overdue }) => ({
      title,
      targetDate,
      achievedOn,
      overdue,
    })),
    carries: progress.inheritedFrom.map(areaName),
    replacedBy: replacedBy && {
      names: replacedBy.successors.map(areaName),
      on: replacedBy.effectiveFrom,
    },
    steps: events.map((event) => timelineStep(event, programme, progress.areaCode, areaName)),
  };
}
