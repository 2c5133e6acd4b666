import { Actor, areasOf, Role } from './actor';

/**
 * One rule for who did what and why (an event's actor, reason, evidence and command metadata),
 * on every path that shows history: the audit trail, its exports and live feed, areaRollout
 * timelines and recommendation histories. The board, admins and auditors see it for every
 * event; a local authority for the events about its own area and its own officers' acts only.
 * Of any other event it sees what happened and when, as every role sees every area's state.
 */
export interface HistoryScope {
  /**
   * The areas whose events (and whose officers' acts) the reader sees in full: a local
   * authority's one, or a shared service's several; null: every event.
   */
  areaCodes: readonly string[] | null;
}

export const historyScopeOf = (reader: Actor): HistoryScope => ({
  areaCodes: reader.role === Role.LOCAL_AUTHORITY ? areasOf(reader) : null,
});

/**
 * Whether a reader of `scope` sees who made an event about `areaCode` (null: about no area),
 * and why. The audit trail's SQL (whereOf in @app/audit) says the same in SQL.
 */
export function seesWhoAndWhy(
  scope: HistoryScope,
  areaCode: string | null,
  madeBy: Pick<Actor, 'organisation'> | undefined,
): boolean {
  const { areaCodes } = scope;
  return (
    areaCodes === null ||
    (areaCode !== null && areaCodes.includes(areaCode)) ||
    (!!madeBy?.organisation && areaCodes.includes(madeBy.organisation))
  );
}
