import { Actor, ErrorCode, refusal, Role } from '@app/kernel';
import { authorize } from './policy';

const CUMBRIA = 'E10000006';
const CUMBERLAND = 'E06000063';
const cumbriaReplaced = {
  areaCode: CUMBRIA,
  successors: [CUMBERLAND, 'E06000064'],
  effectiveFrom: '2023-04-01',
};

const actorOf = (role: Role, organisation: string | null = null): Actor => ({
  id: role.toLowerCase(),
  name: role,
  role,
  organisation,
});

describe('areas policy: who may record a succession', () => {
  it.each([
    { actor: actorOf(Role.ADMIN), outcome: 'allowed' },
    { actor: actorOf(Role.BOARD_MEMBER), outcome: 'refused' },
    { actor: actorOf(Role.AUDITOR), outcome: 'refused' },
    { actor: actorOf(Role.LOCAL_AUTHORITY, CUMBRIA), outcome: 'refused' },
    { actor: actorOf(Role.LOCAL_AUTHORITY, CUMBERLAND), outcome: 'refused' },
  ])('$actor.role of $actor.organisation: $outcome', ({ actor, outcome }) => {
    const ask = () => authorize(actor, cumbriaReplaced);
    if (outcome === 'allowed') return expect(ask).not.toThrow();
    expect(refusal(ask)).toMatchObject({
      code: ErrorCode.FORBIDDEN,
      message: `${actor.role} may not record a succession for ${CUMBRIA}; it needs ADMIN`,
      details: { role: actor.role, allowedRoles: [Role.ADMIN] },
    });
  });
});
