import { DomainError, ErrorCode } from './domain-error';

export enum Role {
  BOARD_MEMBER = 'BOARD_MEMBER',
  LOCAL_AUTHORITY = 'LOCAL_AUTHORITY',
  AUDITOR = 'AUDITOR',
  ADMIN = 'ADMIN',
}

/** Who did something: taken from the bearer token, never from the input. */
export interface Actor {
  /** Token holder's id (stable, not the secret). */
  id: string;
  name: string;
  role: Role;
  /** ONS GSS code of the local authority a LOCAL_AUTHORITY actor speaks for; null otherwise. */
  organisation: string | null;
  /**
   * Every area a LOCAL_AUTHORITY actor speaks for, when more than one (a shared service); the
   * first is `organisation`. Absent for one area or none: read it through `areasOf`.
   */
  areaCodes?: readonly string[];
}

/** The areas an actor speaks for: a local authority's one or more, [] for other roles. */
export const areasOf = (actor: Pick<Actor, 'organisation' | 'areaCodes'>): readonly string[] =>
  actor.areaCodes ?? (actor.organisation ? [actor.organisation] : []);

/** The actor recorded on events written by the system itself (seeding, migrations). */
export const SYSTEM_ACTOR: Actor = {
  id: 'system',
  name: 'Reform Tracker',
  role: Role.ADMIN,
  organisation: null,
};

/** Refuses an actor whose role is not among `roles`; `what` names what it asked to do. */
export function assertRole(actor: Actor, roles: readonly Role[], what = 'do this'): void {
  if (!roles.includes(actor.role)) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `${actor.role} may not ${what}; it needs ${roles.join(' or ')}`,
      { role: actor.role, allowedRoles: roles },
    );
  }
}
