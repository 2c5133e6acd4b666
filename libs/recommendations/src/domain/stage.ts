import { DomainError, ErrorCode } from '@app/kernel';

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

const FINAL_STAGES: ReadonlySet<Stage> = new Set([
  Stage.ROLLED_OUT,
  Stage.REJECTED,
  Stage.WITHDRAWN,
]);

/** A recommendation's lifecycle: each step's allowed starting stages. */
const ALLOWED_FROM: Readonly<Record<Stage, readonly Stage[]>> = {
  [Stage.PROPOSED]: [],
  [Stage.ACCEPTED]: [Stage.PROPOSED],
  [Stage.REJECTED]: [Stage.PROPOSED],
  [Stage.FUNDED]: [Stage.ACCEPTED],
  [Stage.PILOTED]: [Stage.FUNDED],
  [Stage.ROLLED_OUT]: [Stage.PILOTED],
  [Stage.WITHDRAWN]: STAGES.filter((stage) => !FINAL_STAGES.has(stage)),
};

export const canMove = (from: Stage, to: Stage): boolean => ALLOWED_FROM[to].includes(from);

export function assertTransition(id: string, from: Stage, to: Stage): void {
  if (!canMove(from, to)) {
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      `Recommendation ${id} cannot move from ${from} to ${to}`,
      { id, currentStage: from, requestedStage: to },
    );
  }
}

/** How many recommendations stand at each stage, every stage listed in lifecycle order. */
export function countByStage(stages: readonly Stage[]): { stage: Stage; count: number }[] {
  return STAGES.map((stage) => ({ stage, count: stages.filter((s) => s === stage).length }));
}
