import { Role, SYSTEM_ACTOR } from '@app/kernel';
import { whoActed } from './who-acted';

const LAMBETH = 'E09000022';
const officer = {
  id: 'token-1',
  name: 'Priya Shah',
  role: Role.LOCAL_AUTHORITY,
  organisation: LAMBETH,
};

describe('whoActed', () => {
  it('names the person beside their role and organisation', () => {
    expect(whoActed(officer, { areaCodes: null }, LAMBETH)).toBe(
      'Priya Shah (Lambeth, local authority officer)',
    );
    expect(
      whoActed(
        { id: 'token-2', name: 'Sam Board', role: Role.BOARD_MEMBER, organisation: null },
        { areaCodes: null },
        null,
      ),
    ).toBe('Sam Board (National Implementation Board)');
  });

  it("hides the person from a local authority reading another area's event", () => {
    expect(whoActed(officer, { areaCodes: ['E08000003'] }, LAMBETH)).toBe(
      'Lambeth, local authority officer',
    );
    expect(whoActed(officer, { areaCodes: [LAMBETH] }, LAMBETH)).toBe(
      'Priya Shah (Lambeth, local authority officer)',
    );
  });

  it('says the tracker itself wrote what it seeded from published sources', () => {
    expect(whoActed(SYSTEM_ACTOR, { areaCodes: null }, null)).toBe(
      'Reform Tracker, from published sources',
    );
  });
});
