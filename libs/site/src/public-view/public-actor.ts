import { LocalAuthorityRegister } from '@app/areas';
import { Role, SYSTEM_ACTOR } from '@app/kernel';

/** What the public may know of who acted: a role and an organisation, never a person. */
export interface ActorOfRecord {
  /** Only compared with the system's own id, never shown. */
  id?: string;
  role: string;
  /** A local authority's ONS GSS code. */
  organisation?: string | null;
}

/** A local authority's name by its GSS code: the register's, current and former areas. */
export type AreaNameOf = (areaCode: string) => string | undefined;

let shippedAreas: LocalAuthorityRegister | null = null;
export const shippedAreaName: AreaNameOf = (areaCode) =>
  (shippedAreas ??= LocalAuthorityRegister.shipped()).get(areaCode)?.name;

/**
 * How an event's actor appears in public: "Lambeth, local authority officer", "National
 * Implementation Board". Persons' names and token ids are never part of it.
 */
export function publicActorOf(
  { id, role, organisation }: ActorOfRecord,
  areaName: AreaNameOf = shippedAreaName,
): string {
  if (id === SYSTEM_ACTOR.id) return 'Reform Tracker, from published sources';
  switch (role as Role) {
    case Role.BOARD_MEMBER:
      return 'National Implementation Board';
    case Role.LOCAL_AUTHORITY: {
      const area = organisation ? (areaName(organisation) ?? organisation) : null;
      return area ? `${area}, local authority officer` : 'Local authority officer';
    }
    case Role.ADMIN:
      return 'Reform Tracker administrator';
    case Role.AUDITOR:
      return 'Auditor';
    default:
      return 'Reform Tracker user';
  }
}
