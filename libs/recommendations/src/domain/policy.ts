import { Actor, assertRole, Role } from '@app/kernel';
import type { RecommendationCommand } from './decide';

/** Every step of a recommendation's lifecycle is the board's decision; admins may act for it. */
export const MAY_DECIDE_LIFECYCLE = [Role.BOARD_MEMBER, Role.ADMIN] as const;

/** Refuses an actor who may not take this step of a recommendation's lifecycle. Pure. */
export function authorize(actor: Actor, command: RecommendationCommand): void {
  assertRole(actor, MAY_DECIDE_LIFECYCLE, command.kind);
}
