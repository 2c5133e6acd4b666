import { Actor, assertRole, Role } from '@app/kernel';
import type { EvaluationCommand } from './evaluation';

/** Evaluations are the board's record of what the evidence says; admins may act for it. */
export const MAY_RECORD_EVALUATIONS = [Role.BOARD_MEMBER, Role.ADMIN] as const;

/** Refuses an actor who may not record or correct an evaluation. Pure. */
export function authorize(actor: Actor, command: EvaluationCommand): void {
  assertRole(actor, MAY_RECORD_EVALUATIONS, command.kind);
}
