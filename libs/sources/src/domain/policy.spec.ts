import { ErrorCode, refusal, Role } from '@app/kernel';
import { authorize } from './policy';
import { add } from '../testing/scenario';

const actor = (role: Role) => ({ id: 'someone', name: 'Someone', role, organisation: null });

describe('who may record sources', () => {
  it.each([Role.ADMIN, Role.BOARD_MEMBER])('%s may add and correct a source', (role) => {
    expect(() => authorize(actor(role), add)).not.toThrow();
    expect(() =>
      authorize(actor(role), { kind: 'CorrectSource', id: add.id, changes: {} }),
    ).not.toThrow();
  });

  it.each([Role.LOCAL_AUTHORITY, Role.AUDITOR])('%s may not', (role) => {
    expect(refusal(() => authorize(actor(role), add)).code).toBe(ErrorCode.FORBIDDEN);
  });
});
