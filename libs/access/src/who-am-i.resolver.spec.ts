import { Role } from '@app/kernel';
import { ROLES_KEY } from './roles';
import { WhoAmIResolver } from './who-am-i.resolver';

describe('whoAmI', () => {
  const resolver = new WhoAmIResolver();

  it("answers with the token's actor: id, name, role and area", () => {
    const actor = {
      id: 'a1',
      name: 'Lou Officer',
      role: Role.LOCAL_AUTHORITY,
      organisation: 'E09000022',
    };
    expect(resolver.whoAmI(actor)).toEqual(actor);
    expect(
      resolver.whoAmI({ id: 'b1', name: 'Ada', role: Role.BOARD_MEMBER, organisation: null }),
    ).toEqual({ id: 'b1', name: 'Ada', role: Role.BOARD_MEMBER, organisation: null });
  });

  it('is open to every authenticated role (no @Roles)', () => {
    expect(Reflect.getMetadata(ROLES_KEY, WhoAmIResolver.prototype.whoAmI)).toBeUndefined();
    expect(Reflect.getMetadata(ROLES_KEY, WhoAmIResolver)).toBeUndefined();
  });
});
