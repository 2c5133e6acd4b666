import { Role, SYSTEM_ACTOR } from '@app/kernel';
import { signedInActorOf } from './signed-in-actor';

const LAMBETH = 'E09000022';
const officer = {
  id: 'token-1',
  name: 'Priya Shah',
  role: Role.LOCAL_AUTHORITY,
  organisation: LAMBETH,
};

describe('signedInActorOf', () => {
  it('names the person beside their role and organisation', () => {
    expect(signedInActorOf(officer, { areaCode: null }, LAMBETH)).toBe(
      'Priya Shah (Lambeth, local authority officer)',
    );
    expect(
      signedInActorOf(
        { id: 'token-2', name: 'Sam Board', role: Role.BOARD_MEMBER, organisation: null },
        { areaCode: null },
        null,
      ),
    ).toBe('Sam Board (National Implementation Board)');
  });

  it("hides the person from a local authority reading another area's event", () => {
    expect(signedInActorOf(officer, { areaCode: 'E08000003' }, LAMBETH)).toBe(
      'Lambeth, local authority officer',
    );
    expect(signedInActorOf(officer, { areaCode: LAMBETH }, LAMBETH)).toBe(
      'Priya Shah (Lambeth, local authority officer)',
    );
  });

  it('says the tracker itself wrote what it seeded from published sources', () => {
    expect(signedInActorOf(SYSTEM_ACTOR, { areaCode: null }, null)).toBe(
      'Reform Tracker, from published sources',
    );
  });
});
