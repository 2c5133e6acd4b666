import { Actor, assertRole, Role } from '@app/kernel';

/** Successions change which area answers for which: only admins record them. */
export const MAY_RECORD_SUCCESSION = [Role.ADMIN] as const;

/** Refuses an actor who may not record a succession for this area. Pure. */
export function authorize(actor: Actor, command: { areaCode: string }): void {
  assertRole(actor, MAY_RECORD_SUCCESSION, `record a succession for ${command.areaCode}`);
}
