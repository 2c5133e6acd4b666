import { Actor, Role } from './actor';
import { historyScopeOf, seesWhoAndWhy } from './history-scope';

const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';
const actor = (role: Role, organisation: string | null = null): Actor => ({
  id: `${role}-${organisation}`,
  name: role,
  role,
  organisation,
});

describe('who did what and why: one rule', () => {
  it('the board, admins and auditors see it for every event', () => {
    for (const role of [Role.BOARD_MEMBER, Role.ADMIN, Role.AUDITOR]) {
      const scope = historyScopeOf(actor(role));
      expect([
        role,
        seesWhoAndWhy(scope, SOUTHWARK, actor(Role.LOCAL_AUTHORITY, SOUTHWARK)),
      ]).toEqual([role, true]);
      expect([role, seesWhoAndWhy(scope, null, actor(Role.BOARD_MEMBER))]).toEqual([role, true]);
    }
  });

  it('a local authority, for its own area and its own acts only', () => {
    const lambeth = historyScopeOf(actor(Role.LOCAL_AUTHORITY, LAMBETH));
    expect(seesWhoAndWhy(lambeth, LAMBETH, actor(Role.BOARD_MEMBER))).toBe(true);
    expect(seesWhoAndWhy(lambeth, null, actor(Role.LOCAL_AUTHORITY, LAMBETH))).toBe(true);
    expect(seesWhoAndWhy(lambeth, SOUTHWARK, actor(Role.BOARD_MEMBER))).toBe(false);
    expect(seesWhoAndWhy(lambeth, SOUTHWARK, actor(Role.LOCAL_AUTHORITY, SOUTHWARK))).toBe(false);
    // A recommendation's events are about no area: the board's acts.
    expect(seesWhoAndWhy(lambeth, null, actor(Role.ADMIN))).toBe(false);
  });

  it('an officer of a shared service, for each of its areas and their officers', () => {
    const shared = historyScopeOf({
      ...actor(Role.LOCAL_AUTHORITY, LAMBETH),
      areaCodes: [LAMBETH, SOUTHWARK],
    });
    expect(shared).toEqual({ areaCodes: [LAMBETH, SOUTHWARK] });
    expect(seesWhoAndWhy(shared, SOUTHWARK, actor(Role.BOARD_MEMBER))).toBe(true);
    expect(seesWhoAndWhy(shared, null, actor(Role.LOCAL_AUTHORITY, SOUTHWARK))).toBe(true);
    expect(seesWhoAndWhy(shared, 'E09000030', actor(Role.BOARD_MEMBER))).toBe(false);
  });
});
