import type { Actor } from '@app/kernel';
import { areasOf, Role } from '@app/kernel';
import { type AreaNameOf, shippedAreaName } from '../public-view/public-actor';

/** Each role as its holders call it. */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  [Role.BOARD_MEMBER]: 'Board member',
  [Role.LOCAL_AUTHORITY]: 'Local authority officer',
  [Role.AUDITOR]: 'Auditor',
  [Role.ADMIN]: 'Administrator',
};

/** A navigation item of the signed-in pages, and who it is for. */
interface NavigationItem {
  href: string;
  text: string;
  section: string;
  roles: readonly Role[];
}

const EVERYONE = Object.values(Role);
/** Who may read every programme and the history: all but local authorities. */
export const READERS = [Role.BOARD_MEMBER, Role.ADMIN, Role.AUDITOR];
/** Who gets digests of milestones by email, and chooses how often: officers and the board. */
export const DIGEST_READERS = [Role.LOCAL_AUTHORITY, Role.BOARD_MEMBER];

const NAVIGATION: readonly NavigationItem[] = [
  { href: '/overview', text: 'Overview', section: 'overview', roles: EVERYONE },
  { href: '/overview/programmes', text: 'Programmes', section: 'programmes', roles: READERS },
  { href: '/report', text: 'Report', section: 'report', roles: [Role.LOCAL_AUTHORITY] },
  { href: '/history', text: 'History', section: 'history', roles: READERS },
  { href: '/admin/accounts', text: 'Accounts', section: 'accounts', roles: [Role.ADMIN] },
  { href: '/admin/webhooks', text: 'Webhooks', section: 'webhooks', roles: [Role.ADMIN] },
  {
    href: '/admin/security-log',
    text: 'Security log',
    section: 'security-log',
    roles: [Role.ADMIN],
  },
  { href: '/account/reminders', text: 'Digests', section: 'digests', roles: DIGEST_READERS },
  { href: '/account/tokens', text: 'API tokens', section: 'tokens', roles: EVERYONE },
];

export interface SignedInActorView {
  name: string;
  /** "Board member", "Local authority officer, Lambeth". */
  description: string;
  navigation: { href: string; text: string; section: string }[];
}

/** Who is signed in, as the pages show them, and the pages their role may use. */
export function signedInActorView(
  actor: Actor,
  areaName: AreaNameOf = shippedAreaName,
): SignedInActorView {
  const role = ROLE_NAMES[actor.role] ?? 'Signed in';
  const areas = areasOf(actor).map((code) => areaName(code) ?? code);
  return {
    name: actor.name,
    description: areas.length ? `${role}, ${inWords(areas)}` : role,
    navigation: NAVIGATION.filter((item) => item.roles.includes(actor.role)).map(
      ({ href, text, section }) => ({ href, text, section }),
    ),
  };
}

/** "Lambeth", "Lambeth and Southwark", "Lambeth, Southwark and Lewisham". */
export const inWords = (names: readonly string[]): string =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** Where a person lands after signing in, when no page asked for it. */
export const homeOf = (role: Role): string =>
  role === Role.LOCAL_AUTHORITY ? '/report' : '/overview';
