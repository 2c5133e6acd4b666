import { Actor, assertRole, Role } from '@app/kernel';
import type { SourceCommand } from './decide';

/** Sources frame the board's register, so those who decide its recommendations record them. */
export const MAY_RECORD_SOURCES = [Role.BOARD_MEMBER, Role.ADMIN] as const;

/** Refuses an actor who may not add or correct a source. Pure. */
export function authorize(actor: Actor, command: SourceCommand): void {
  assertRole(actor, MAY_RECORD_SOURCES, command.kind);
}
