import { DomainError, ErrorCode, InvalidInputError } from '@app/kernel';

export enum Stage {
  PROPOSED = 'PROPOSED',
  ACCEPTED = 'ACCEPTED',
  FUNDED = 'FUNDED',
  PILOTED = 'PILOTED',
  ROLLED_OUT = 'ROLLED_OUT',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}

/** Stages in lifecycle order, for listings and counts. */
export const STAGES: readonly Stage[] = Object.values(Stage);

/** The way forward, in order: a step may skip stages of it, never go back. */
export const FORWARD_PATH: readonly Stage[] = [
  Stage.PROPOSED,
  Stage.ACCEPTED,
  Stage.FUNDED,
  Stage.PILOTED,
  Stage.ROLLED_OUT,
];

const FINAL_STAGES: ReadonlySet<Stage> = new Set([
  Stage.ROLLED_OUT,
  Stage.REJECTED,
  Stage.WITHDRAWN,
]);

/** A recommendation's lifecycle one step at a time: each step's allowed starting stages. */
const ALLOWED_FROM: Readonly<Record<Stage, readonly Stage[]>> = {
  [Stage.PROPOSED]: [],
  [Stage.ACCEPTED]: [Stage.PROPOSED],
  [Stage.REJECTED]: [Stage.PROPOSED],
  [Stage.FUNDED]: [Stage.ACCEPTED],
  [Stage.PILOTED]: [Stage.FUNDED],
  [Stage.ROLLED_OUT]: [Stage.PILOTED],
  [Stage.WITHDRAWN]: STAGES.filter((stage) => !FINAL_STAGES.has(stage)),
};

/** Whether a move is one step of the lifecycle, needing no reason to skip anything. */
export const canMove = (from: Stage, to: Stage): boolean => ALLOWED_FROM[to].includes(from);

/**
 * The stages a forward move passes over, in order; null when the move is not forward along the
 * path (backward, sideways, or to or from a stage off it).
 */
export function stagesSkipped(from: Stage, to: Stage): Stage[] | null {
  const start = FORWARD_PATH.indexOf(from);
  const end = FORWARD_PATH.indexOf(to);
  if (start < 0 || end <= start) return null;
  return FORWARD_PATH.slice(start + 1, end);
}

/** Each stage in the public's words, for messages and pages. */
export const STAGE_NAMES: Record<Stage, string> = {
  [Stage.PROPOSED]: 'Proposed',
  [Stage.ACCEPTED]: 'Accepted',
  [Stage.FUNDED]: 'Funded',
  [Stage.PILOTED]: 'Piloted',
  [Stage.ROLLED_OUT]: 'Rolled out',
  [Stage.REJECTED]: 'Rejected',
  [Stage.WITHDRAWN]: 'Withdrawn',
};

/** "Funded", "Funded and Piloted": stages listed in words. */
export function stageList(stages: readonly Stage[]): string {
  const names = stages.map((stage) => STAGE_NAMES[stage]);
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Decides whether a recommendation may move from one stage to another, and which stages the
 * move skips. A forward move past stages the public record does not show is allowed only with
 * a reason, so the register never invents the steps in between. Pure.
 */
export function moveBetween(id: string, from: Stage, to: Stage, reason: string | null): Stage[] {
  if (canMove(from, to)) return [];
  const skipped = stagesSkipped(from, to);
  if (!skipped) {
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      `Recommendation ${id} cannot move from ${from} to ${to}`,
      { id, currentStage: from, requestedStage: to },
    );
  }
  if (!reason?.trim()) {
    throw new InvalidInputError(
      'reason',
      'requiredToSkipStages',
      `A reason is required to move from ${STAGE_NAMES[from]} to ${STAGE_NAMES[to]}, skipping ${stageList(skipped)}`,
    );
  }
  return skipped;
}

/** How many recommendations stand at each stage, every stage listed in lifecycle order. */
export function countByStage(stages: readonly Stage[]): { stage: Stage; count: number }[] {
  return STAGES.map((stage) => ({ stage, count: stages.filter((s) => s === stage).length }));
}
