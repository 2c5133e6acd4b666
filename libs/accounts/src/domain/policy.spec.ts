import { ErrorCode, refusal, Role } from '@app/kernel';
import { DigestFrequency } from './account';
import { authorize } from './policy';

const actor = (role: Role, id = 'someone') => ({ id, name: 'N', role, organisation: null });

describe('who may manage accounts', () => {
  it('lets only an admin manage accounts', () => {
    expect(() =>
      authorize(actor(Role.ADMIN), { kind: 'DeactivateAccount', accountId: 'x' }),
    ).not.toThrow();
    for (const role of [Role.BOARD_MEMBER, Role.AUDITOR, Role.LOCAL_AUTHORITY]) {
      expect(
        refusal(() => authorize(actor(role), { kind: 'EndAccountSessions', accountId: 'x' })).code,
      ).toBe(ErrorCode.FORBIDDEN);
    }
  });

  it('lets a person choose their own digest frequency, and nobody else but an admin', () => {
    const choose = {
      kind: 'ChooseDigestFrequency' as const,
      accountId: 'me',
      frequency: DigestFrequency.NONE,
    };
    expect(() => authorize(actor(Role.AUDITOR, 'me'), choose)).not.toThrow();
    expect(() => authorize(actor(Role.ADMIN), choose)).not.toThrow();
    expect(refusal(() => authorize(actor(Role.AUDITOR), choose)).code).toBe(ErrorCode.FORBIDDEN);
  });

  it('refuses an admin deactivating their own account', () => {
    expect(
      refusal(() =>
        authorize(actor(Role.ADMIN, 'me'), { kind: 'DeactivateAccount', accountId: 'me' }),
      ),
    ).toMatchObject({
      code: ErrorCode.FORBIDDEN,
      message: 'An admin may not deactivate their own account: ask another admin',
    });
  });
});
