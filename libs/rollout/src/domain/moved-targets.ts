import { isoDate } from '@app/kernel';
import type { MilestoneTargetSet } from './programme';
import { daysBetween } from './roll-up';

/**
 * A milestone's target set, with the parts of its envelope the register shows: the programme's
 * stream (areaCode null: the national target) or an area's.
 */
export interface TargetSetFact {
  programmeId: string;
  areaCode: string | null;
  event: MilestoneTargetSet;
  /** When the target was set (business time) and recorded (system time), ISO instants. */
  occurredAt: string;
  recordedAt: string;
  /** The reason in the event's envelope; null where the reader may not see why. */
  reason: string | null;
}

/** One move of a target: from one date to another, on a date, for a reason. */
export interface TargetMove {
  movedOn: string;
  recordedAt: string;
  from: string;
  to: string;
  /** Positive: later; negative: brought forward. */
  days: number;
  reason: string | null;
}

/** A milestone's target that has moved, for a programme nationally or for one area. */
export interface MovedTarget {
  programmeId: string;
  areaCode: string | null;
  milestoneKey: string;
  originalTarget: string;
  currentTarget: string;
  moves: TargetMove[];
  /** From the original target to the current one: positive later, negative brought forward. */
  daysSlipped: number;
}

/**
 * Whether a target set moves an earlier one: it names the target it replaced. A programme's
 * first target for a milestone replaces none; an area's first replaces the national target,
 * if there was one, as the area's own.
 */
export const isMove = (event: MilestoneTargetSet): boolean =>
  event.data.previousTargetDate !== null && event.data.previousTargetDate !== event.data.targetDate;

const keyOf = (fact: TargetSetFact): string =>
  `${fact.programmeId}\u0000${fact.areaCode ?? ''}\u0000${fact.event.data.milestoneKey}`;

/**
 * The register of moved targets from the targets set, in the order they were recorded: one
 * entry for each milestone of a programme (nationally) or of an area whose target moved at
 * least once, with its original and current target and every move. Pure.
 */
export function movedTargetsOf(facts: readonly TargetSetFact[]): MovedTarget[] {
  const targets = new Map<string, MovedTarget>();
  for (const fact of facts) {
    const { milestoneKey, targetDate, previousTargetDate } = fact.event.data;
    const key = keyOf(fact);
    const found = targets.get(key);
    const target = found ?? {
      programmeId: fact.programmeId,
      areaCode: fact.areaCode,
      milestoneKey,
      originalTarget: previousTargetDate ?? targetDate,
      currentTarget: targetDate,
      moves: [],
      daysSlipped: 0,
    };
    if (isMove(fact.event)) {
      const from = previousTargetDate!;
      target.moves.push({
        movedOn: isoDate(new Date(fact.occurredAt)),
        recordedAt: fact.recordedAt,
        from,
        to: targetDate,
        days: daysBetween(from, targetDate),
        reason: fact.reason,
      });
    }
    target.currentTarget = targetDate;
    target.daysSlipped = daysBetween(target.originalTarget, targetDate);
    targets.set(key, target);
  }
  return [...targets.values()].filter((target) => target.moves.length > 0);
}

/** Most slipped first; ties by programme, national before areas, area and milestone. */
export const byMostSlipped = (a: MovedTarget, b: MovedTarget): number =>
  b.daysSlipped - a.daysSlipped ||
  a.programmeId.localeCompare(b.programmeId) ||
  (a.areaCode ?? '').localeCompare(b.areaCode ?? '') ||
  a.milestoneKey.localeCompare(b.milestoneKey);
