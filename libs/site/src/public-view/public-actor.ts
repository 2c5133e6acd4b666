// Temporary stand-in for P2's publicActorOf (same path, name and signature): the integrator keeps P2's.
const ROLES: Record<string, string> = {
  BOARD_MEMBER: 'National Implementation Board',
  ADMIN: 'Reform Tracker',
  AUDITOR: 'Auditor',
  LOCAL_AUTHORITY: 'local authority officer',
};

/** Who did something, as the public sees it: a role and an organisation, never a person. */
export function publicActorOf({
  role,
  organisation,
}: {
  role: string;
  organisation?: string | null;
}): string {
  const described = ROLES[role] ?? 'Reform Tracker';
  if (role !== 'LOCAL_AUTHORITY') return described;
  return organisation ? `${organisation}, ${described}` : 'A local authority officer';
}
