import type { HistoryScope } from '@app/kernel';
import type { AreaProgress, ProgrammeState } from '@app/rollout';
import { escalationTag } from '../layout/escalation-tag';
import { signedInAreaPage } from '../overview/programme-pages.view';
import { MAP_KEY, STATUS_NAMES } from '../programmes/programme-map';
import type { EnrolledArea } from '../programmes/programme-pages';

/** An officer's pages for one area's rollout of a programme. */
export const reportPath = (programmeId: string, areaCode: string): string =>
  `/report/${encodeURIComponent(programmeId)}/${encodeURIComponent(areaCode)}`;

export const uploadPath = (programmeId?: string): string =>
  programmeId ? `/report/upload?programme=${encodeURIComponent(programmeId)}` : '/report/upload';

interface DatedMilestone {
  title: string;
  targetDate: string;
}

/** One programme the officer's area is enrolled in, as the report home lists it. */
export interface ReportHomeRow {
  name: string;
  href: string;
  stage: string;
  /** "2 of 4". */
  achieved: string;
  /** Past their target and not achieved, most overdue first, with how far each has escalated. */
  overdue: (DatedMilestone & { escalation: ReturnType<typeof escalationTag> })[];
  /** Not achieved, with a target today or later, soonest first. */
  due: DatedMilestone[];
}

const byTarget = (a: DatedMilestone, b: DatedMilestone): number =>
  a.targetDate.localeCompare(b.targetDate);

/** The report home: each programme the area is enrolled in, with what is overdue and due. */
export function reportHome(
  areaCode: string,
  enrolments: readonly { programme: ProgrammeState; progress: AreaProgress }[],
): ReportHomeRow[] {
  return enrolments.map(({ programme, progress }) => {
    const open = progress.milestones.filter(
      (milestone): milestone is typeof milestone & { targetDate: string } =>
        !milestone.achievedOn && milestone.targetDate !== null,
    );
    const dated = (milestones: typeof open): DatedMilestone[] =>
      milestones.map(({ title, targetDate }) => ({ title, targetDate })).sort(byTarget);
    const daysOverdue = new Map(progress.overdue.map(({ key, daysOverdue }) => [key, daysOverdue]));
    return {
      name: programme.name,
      href: reportPath(programme.id, areaCode),
      stage: MAP_KEY[progress.stage].label,
      achieved: `${progress.milestonesAchieved} of ${progress.milestones.length}`,
      overdue: open
        .filter((milestone) => milestone.overdue)
        .map(({ key, title, targetDate }) => ({
          title,
          targetDate,
          escalation: escalationTag(daysOverdue.get(key) ?? 0),
        }))
        .sort(byTarget),
      due: dated(open.filter((milestone) => !milestone.overdue)),
    };
  });
}

/** One of an officer's areas, by code and name, with the programmes it is enrolled in. */
export interface OfficerArea {
  areaCode: string;
  areaName: string;
  enrolments: readonly { programme: ProgrammeState; progress: AreaProgress }[];
}

/**
 * The report home of an officer of one area or of several (a shared service): every area's
 * programmes, each named with its area when there are several.
 */
export function reportHomeOfAreas(areas: readonly OfficerArea[]): ReportHomeRow[] {
  return areas.flatMap(({ areaCode, areaName, enrolments }) =>
    reportHome(areaCode, enrolments).map((row) =>
      areas.length > 1 ? { ...row, name: `${row.name}: ${areaName}` } : row,
    ),
  );
}

/**
 * The area page an officer reports from: the area as signed-in readers see it (its status
 * commentary, who took each step), linked back to the report pages, with the forms' links.
 */
export function reportAreaPage(
  found: EnrolledArea,
  areaName: (code: string) => string,
  scope: HistoryScope,
) {
  const { programme, view } = found;
  const path = reportPath(programme.id, view.progress.areaCode);
  return {
    ...signedInAreaPage(found, areaName, '', scope),
    programme: { name: programme.name, href: path },
    /** Whether reports may be made (not withdrawn, not replaced). */
    open: !view.progress.withdrawnOn && !view.replacedBy,
    /** Milestones not yet achieved: the ones the milestone form offers. */
    toReport: view.progress.milestones.filter((milestone) => !milestone.achievedOn).length,
    links: {
      milestone: `${path}/milestone`,
      status: `${path}/status`,
      upload: uploadPath(programme.id),
    },
  };
}

/** The milestone form's choices: the milestones not yet achieved, with their targets. */
export function milestoneChoices(
  progress: AreaProgress,
  chosen: string,
): { value: string; text: string; targetDate: string | null; checked: boolean }[] {
  return progress.milestones
    .filter((milestone) => !milestone.achievedOn)
    .map(({ key, title, targetDate }) => ({
      value: key,
      text: title,
      targetDate,
      checked: key === chosen,
    }));
}

/** The status form's choices, in the order of the traffic light. */
export const statusChoices = (
  chosen: string,
): { value: string; text: string; checked: boolean }[] =>
  (['RED', 'AMBER', 'GREEN'] as const).map((rag) => ({
    value: rag,
    text: STATUS_NAMES[rag],
    checked: rag === chosen,
  }));
