// Temporary stand-in for P2's libs/site/src/public-view/public-actor.ts (the integrator keeps P2's).
import { LocalAuthorityRegister } from '@app/areas';

const ROLES: Record<string, string> = {
  LOCAL_AUTHORITY: 'local authority officer',
  BOARD_MEMBER: 'National Implementation Board',
  AUDITOR: 'auditor',
  ADMIN: 'Reform Tracker administrator',
};
let register: LocalAuthorityRegister | null = null;

export function publicActorOf({
  role,
  organisation,
}: {
  role: string;
  organisation?: string | null;
}): string {
  const roleName = ROLES[role] ?? 'Reform Tracker';
  if (!organisation) return roleName.charAt(0).toUpperCase() + roleName.slice(1);
  register ??= LocalAuthorityRegister.shipped();
  return `${register.get(organisation)?.name ?? organisation}, ${roleName}`;
}
