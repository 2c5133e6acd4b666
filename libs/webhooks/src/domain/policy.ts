import { Actor, assertRole, Role } from '@app/kernel';

/** Webhooks send events out of the tracker: only admins manage them or read their deliveries. */
export const MAY_MANAGE_WEBHOOKS = [Role.ADMIN] as const;

/** Refuses an actor who may not manage webhooks. Pure. */
export function authorize(actor: Actor, what = 'manage webhooks'): void {
  assertRole(actor, MAY_MANAGE_WEBHOOKS, what);
}
