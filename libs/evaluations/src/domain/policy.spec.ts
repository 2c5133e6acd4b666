import { Actor, ErrorCode, refusal, Role } from '@app/kernel';
import { record } from '../testing/scenario';
import { authorize } from './policy';

const actorOf = (role: Role): Actor => ({
  id: role.toLowerCase(),
  name: role,
  role,
  organisation: role === Role.LOCAL_AUTHORITY ? 'E09000022' : null,
});
const correct = { kind: 'CorrectEvaluation' as const, id: 'x', changes: { summary: 'y' } };

describe('who may record evaluations', () => {
  it.each([Role.BOARD_MEMBER, Role.ADMIN])('lets %s record and correct them', (role) => {
    expect(() => authorize(actorOf(role), record())).not.toThrow();
    expect(() => authorize(actorOf(role), correct)).not.toThrow();
  });

  it.each([Role.AUDITOR, Role.LOCAL_AUTHORITY])('refuses %s', (role) => {
    expect(refusal(() => authorize(actorOf(role), record())).code).toBe(ErrorCode.FORBIDDEN);
    expect(refusal(() => authorize(actorOf(role), correct)).code).toBe(ErrorCode.FORBIDDEN);
  });
});
