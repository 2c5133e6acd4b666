import { Actor, assertRole, Role } from '@app/kernel';
import type { FundingCommand } from './grant-allocation';

/**
 * Grants are the board's to record (admins may act for it). Reading them needs no rule here:
 * published grant determinations are public, so every role and the public pages read them all.
 */
export const MAY_RECORD_FUNDING = [Role.BOARD_MEMBER, Role.ADMIN] as const;

/** Whether the actor may record grants (the pages offer their forms only to them). Pure. */
export const mayRecordFunding = (actor: Actor): boolean =>
  (MAY_RECORD_FUNDING as readonly Role[]).includes(actor.role);

/** Refuses an actor who may not record, correct or withdraw a grant allocation. Pure. */
export function authorize(actor: Actor, command: FundingCommand): void {
  assertRole(actor, MAY_RECORD_FUNDING, command.kind);
}
