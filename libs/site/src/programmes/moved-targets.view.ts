import type { MovedTargetEntry } from '@app/rollout';
import { areaPath } from './programme-pages.view';

/** A shift of a target in words: "61 days later", "1 day earlier", "no change". */
export function shiftWords(days: number): string {
  if (days === 0) return 'no change';
  const count = Math.abs(days);
  return `${count} ${count === 1 ? 'day' : 'days'} ${days > 0 ? 'later' : 'earlier'}`;
}

/** A moved target as the page's table shows it; `links` is the page's "as of" query. */
export const movedTargetRowOf = (entry: MovedTargetEntry, links: string) => ({
  areaName: entry.areaName ?? 'National target',
  areaHref: entry.areaCode ? areaPath(entry.programmeId, entry.areaCode) + links : null,
  milestoneTitle: entry.milestoneTitle,
  originalTarget: entry.originalTarget,
  currentTarget: entry.currentTarget,
  timesMoved: entry.moves.length,
  slipped: shiftWords(entry.daysSlipped),
  moves: entry.moves.map((move) => ({ ...move, shift: shiftWords(move.days) })),
});
