import { Actor, areasOf, assertRole, DomainError, ErrorCode, Role } from '@app/kernel';
import type { AreaRolloutCommand } from './area-rollout';
import type { ProgrammeCommand } from './programme';

/** Programmes, their targets, and which areas take part are the board's; admins may act for it. */
export const MAY_MANAGE_PROGRAMMES = [Role.BOARD_MEMBER, Role.ADMIN] as const;
/** Progress is reported by the board and admins for any area, by a local authority for its own. */
export const MAY_REPORT_PROGRESS = [Role.BOARD_MEMBER, Role.ADMIN, Role.LOCAL_AUTHORITY] as const;

/** A change to one area's rollout, with the area it is for. */
export type AreaChange = AreaRolloutCommand & { areaCode: string };

/** Every command the rollout takes: on a programme, or on one area's rollout of it. */
export type RolloutCommand = ProgrammeCommand | AreaChange;

const MAY: Record<RolloutCommand['kind'], readonly Role[]> = {
  CreateProgramme: MAY_MANAGE_PROGRAMMES,
  SetNationalTarget: MAY_MANAGE_PROGRAMMES,
  RecordProgrammeFact: MAY_MANAGE_PROGRAMMES,
  CorrectProgrammeFact: MAY_MANAGE_PROGRAMMES,
  RecordNationalMilestone: MAY_MANAGE_PROGRAMMES,
  CorrectNationalMilestone: MAY_MANAGE_PROGRAMMES,
  EnrolArea: MAY_MANAGE_PROGRAMMES,
  SetAreaTarget: MAY_MANAGE_PROGRAMMES,
  WithdrawArea: MAY_MANAGE_PROGRAMMES,
  ReportMilestone: MAY_REPORT_PROGRESS,
  CorrectMilestone: MAY_REPORT_PROGRESS,
  ReportStatus: MAY_REPORT_PROGRESS,
};

/** Refuses an actor who may not ask for this command: by role, and a local authority by area. Pure. */
export function authorize(actor: Actor, command: RolloutCommand): void {
  assertRole(actor, MAY[command.kind], command.kind);
  if ('areaCode' in command) assertOwnArea(actor, command.areaCode);
}

/**
 * Refuses an actor who may not report progress for the area: what every report asks
 * (`authorize` of ReportMilestone, ReportStatus), for pages that offer to report. Pure.
 */
export function assertMayReport(actor: Actor, areaCode: string): void {
  assertRole(actor, MAY_REPORT_PROGRESS, 'report progress');
  assertOwnArea(actor, areaCode);
}

/**
 * A local authority speaks only for its own areas (one, or several for a shared service); the
 * other roles allowed speak for any.
 */
function assertOwnArea(actor: Actor, areaCode: string): void {
  const own = areasOf(actor);
  if (actor.role === Role.LOCAL_AUTHORITY && !own.includes(areaCode)) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `A LOCAL_AUTHORITY token for ${own.join(' and ') || 'no area'} may report only for its own area, not ${areaCode}`,
      { field: 'areaCode', areaCode, organisation: actor.organisation },
    );
  }
}
