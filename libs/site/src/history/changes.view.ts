import type { BoardChanges } from '@app/audit';
import { csvHeader, csvRow } from '@app/kernel';
import type { Stage } from '@app/recommendations';
import { daysBetween } from '@app/rollout';
import { govukDate } from '../layout/dates';
import { shiftWords } from '../programmes/moved-targets.view';
import { areaPath, programmePath } from '../programmes/programme-pages.view';
import type { PublicDirectory } from '../public-view/public-entry';
import { STAGE_NAMES } from '../register/register-view';

/** A table cell: its text, a link where the item has a page. */
export interface Cell {
  text: string;
  href?: string | null;
}

/** One section of the changes: a summary line, then a table. */
export interface ChangesSection {
  id: string;
  title: string;
  headings: string[];
  rows: Cell[][];
}

/** The names the changes are written with. */
export interface ChangeNames extends PublicDirectory {
  recommendationTitle(id: string): string | undefined;
}

const DECISION_NAMES: Record<string, string> = {
  ACCEPTED_IN_FULL: 'Accepted in full',
  ACCEPTED_IN_PART: 'Accepted in part',
  ACCEPTED_IN_PRINCIPLE: 'Accepted in principle',
  REJECTED: 'Rejected',
  NOTED: 'Noted',
  UNDER_CONSIDERATION: 'Under consideration',
};

const FINDING_NAMES: Record<string, string> = {
  POSITIVE: 'Positive',
  NO_EFFECT: 'No effect',
  NEGATIVE: 'Negative',
  MIXED: 'Mixed',
};

const stageName = (stage: string): string => STAGE_NAMES[stage as Stage] ?? stage;
const dated = (date: string): Cell => ({ text: govukDate(date) });
const plain = (text: string | null): Cell => ({ text: text ?? '' });

/**
 * The sections of the changes (for the page, the board pack and the PDF alike), every item
 * linked to its recommendation, programme or area. Pure.
 */
export function changesSectionsOf(changes: BoardChanges, names: ChangeNames): ChangesSection[] {
  const recommendation = (id: string): Cell => {
    const title = names.recommendationTitle(id);
    return { text: title ? `${id}: ${title}` : id, href: `/register/${encodeURIComponent(id)}` };
  };
  const programme = (id: string): Cell => ({
    text: names.programmeName(id) ?? id,
    href: programmePath(id),
  });
  const area = (programmeId: string, areaCode: string | null): Cell =>
    areaCode
      ? { text: names.areaName(areaCode) ?? areaCode, href: areaPath(programmeId, areaCode) }
      : { text: 'National target' };
  const milestone = (programmeId: string, key: string): Cell => ({
    text: names.milestoneTitle(programmeId, key) ?? key,
  });
  return [
    {
      id: 'stage-changes',
      title: 'Recommendations that changed stage',
      headings: ['Recommendation', 'From', 'To', 'Stages skipped', 'On', 'Why'],
      rows: changes.stageChanges.map((change) => [
        recommendation(change.recommendationId),
        plain(change.from ? stageName(change.from) : 'New'),
        plain(stageName(change.to)),
        plain(change.skipped.map(stageName).join(', ') || 'None'),
        dated(change.on),
        plain(change.reason),
      ]),
    },
    {
      id: 'responses',
      title: 'Government responses recorded',
      headings: ['Recommendation', 'Response', 'Responded on', 'Evidence'],
      rows: changes.responses.map((response) => [
        recommendation(response.recommendationId),
        plain(DECISION_NAMES[response.decision] ?? response.decision),
        dated(response.respondedOn),
        response.evidenceUrl
          ? { text: 'The government’s response', href: response.evidenceUrl }
          : plain('None given'),
      ]),
    },
    {
      id: 'milestones-achieved',
      title: 'Milestones achieved',
      headings: ['Programme', 'Local authority', 'Milestone', 'Achieved on'],
      rows: changes.milestonesAchieved.map((achieved) => [
        programme(achieved.programmeId),
        area(achieved.programmeId, achieved.areaCode),
        milestone(achieved.programmeId, achieved.milestoneKey),
        dated(achieved.achievedOn),
      ]),
    },
    {
      id: 'targets-moved',
      title: 'Targets moved',
      headings: ['Programme', 'Local authority', 'Milestone', 'From', 'To', 'Moved', 'On', 'Why'],
      rows: changes.targetsMoved.map((moved) => [
        programme(moved.programmeId),
        area(moved.programmeId, moved.areaCode),
        milestone(moved.programmeId, moved.milestoneKey),
        dated(moved.from),
        dated(moved.to),
        plain(shiftWords(daysBetween(moved.from, moved.to))),
        dated(moved.on),
        plain(moved.reason),
      ]),
    },
    {
      id: 'areas-enrolled',
      title: 'Areas enrolled',
      headings: ['Programme', 'Local authority', 'Enrolled on', 'Pilot'],
      rows: changes.areasEnrolled.map((enrolled) => [
        programme(enrolled.programmeId),
        area(enrolled.programmeId, enrolled.areaCode),
        dated(enrolled.date),
        plain(enrolled.pilot ? 'Yes' : 'No'),
      ]),
    },
    {
      id: 'areas-withdrawn',
      title: 'Areas withdrawn',
      headings: ['Programme', 'Local authority', 'Withdrawn on', 'Why'],
      rows: changes.areasWithdrawn.map((withdrawn) => [
        programme(withdrawn.programmeId),
        area(withdrawn.programmeId, withdrawn.areaCode),
        dated(withdrawn.date),
        plain(withdrawn.reason),
      ]),
    },
    {
      id: 'evaluations',
      title: 'Evaluations published',
      headings: ['Of', 'Evaluator', 'Finding', 'Published on', 'Summary', 'Report'],
      rows: changes.evaluations.map((evaluation) => [
        evaluation.subject.kind === 'RECOMMENDATION'
          ? recommendation(evaluation.subject.id)
          : programme(evaluation.subject.id),
        plain(evaluation.evaluator),
        plain(FINDING_NAMES[evaluation.finding] ?? evaluation.finding),
        dated(evaluation.publishedOn),
        plain(evaluation.summary),
        evaluation.url ? { text: 'The evaluation', href: evaluation.url } : plain('None given'),
      ]),
    },
    {
      id: 'national-milestones',
      title: 'National milestones reached',
      headings: ['Programme', 'Milestone', 'Reached on', 'Evidence'],
      rows: changes.nationalMilestones.map((reached) => [
        programme(reached.programmeId),
        plain(reached.title),
        dated(reached.reachedOn),
        reached.url
          ? { text: `Evidence for ${reached.title}`, href: reached.url }
          : plain('None given'),
      ]),
    },
  ];
}

/** The download's columns: one row per change, whatever its section. */
export const CHANGES_CSV_COLUMNS = [
  'section',
  'date',
  'recordedAt',
  'recommendationId',
  'programmeId',
  'areaCode',
  'milestoneKey',
  'from',
  'to',
  'detail',
  'reason',
  'url',
] as const;

/** The changes as CSV, a row per change (text made inert for spreadsheets). Pure. */
export function changesCsv(changes: BoardChanges): string {
  const rows = [
    ...changes.stageChanges.map((c) => [
      'stage-changes',
      c.on,
      c.recordedAt,
      c.recommendationId,
      null,
      null,
      null,
      c.from,
      c.to,
      c.skipped.length ? `skipped ${c.skipped.join(' ')}` : null,
      c.reason,
      c.evidence[0],
    ]),
    ...changes.responses.map((c) => [
      'responses',
      c.respondedOn,
      c.recordedAt,
      c.recommendationId,
      null,
      null,
      null,
      null,
      c.decision,
      c.note,
      c.reason,
      c.evidenceUrl,
    ]),
    ...changes.milestonesAchieved.map((c) => [
      'milestones-achieved',
      c.achievedOn,
      c.recordedAt,
      null,
      c.programmeId,
      c.areaCode,
      c.milestoneKey,
      null,
      null,
      null,
      c.reason,
      c.evidence[0],
    ]),
    ...changes.targetsMoved.map((c) => [
      'targets-moved',
      c.on,
      c.recordedAt,
      null,
      c.programmeId,
      c.areaCode,
      c.milestoneKey,
      c.from,
      c.to,
      `${daysBetween(c.from, c.to)} days`,
      c.reason,
      c.evidence[0],
    ]),
    ...changes.areasEnrolled.map((c) => [
      'areas-enrolled',
      c.date,
      c.recordedAt,
      null,
      c.programmeId,
      c.areaCode,
      null,
      null,
      null,
      c.pilot ? 'pilot' : null,
      c.reason,
      c.evidence[0],
    ]),
    ...changes.areasWithdrawn.map((c) => [
      'areas-withdrawn',
      c.date,
      c.recordedAt,
      null,
      c.programmeId,
      c.areaCode,
      null,
      null,
      null,
      null,
      c.reason,
      c.evidence[0],
    ]),
    ...changes.evaluations.map((c) => [
      'evaluations',
      c.publishedOn,
      c.recordedAt,
      c.subject.kind === 'RECOMMENDATION' ? c.subject.id : null,
      c.subject.kind === 'PROGRAMME' ? c.subject.id : null,
      null,
      null,
      null,
      c.finding,
      `${c.evaluator}: ${c.summary ?? ''}`,
      c.reason,
      c.url,
    ]),
    ...changes.nationalMilestones.map((c) => [
      'national-milestones',
      c.reachedOn,
      c.recordedAt,
      null,
      c.programmeId,
      null,
      null,
      null,
      null,
      `${c.key}: ${c.title}`,
      c.reason,
      c.url,
    ]),
  ];
  return csvHeader(CHANGES_CSV_COLUMNS) + rows.map((row) => csvRow(row)).join('');
}
