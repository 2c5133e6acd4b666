import { ErrorCode } from '@app/kernel';
import { LinkRelation } from '../domain/recommendation.events';
import { foldRecommendation } from '../domain/recommendation.state';
import { given, ID, proposed, refusal } from '../testing/scenario';

const link = {
  kind: 'LinkRecommendations' as const,
  id: ID,
  relation: LinkRelation.RESPONDS_TO,
  otherId: 'CSC-ECPP',
};
const linked = {
  type: 'RecommendationLinked' as const,
  data: { relation: LinkRelation.RESPONDS_TO, otherId: 'CSC-ECPP' },
};

describe('link two recommendations', () => {
  it('given both exist, links this one to the other', () => {
    expect(given([proposed]).when(link).then()).toEqual([linked]);
  });

  it('refuses an other that does not exist, naming the field', () => {
    const error = refusal(given([proposed]).when(link, { otherExists: false }).then);
    expect(error).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { field: 'otherId', rule: 'knownRecommendation' },
    });
  });

  it('refuses a link to itself', () => {
    const error = refusal(given([proposed]).when({ ...link, otherId: ID }).then);
    expect(error).toMatchObject({ details: { field: 'otherId', rule: 'notSelf' } });
  });

  it('refuses the same link twice, but takes another relation to the same one', () => {
    expect(refusal(given([proposed], [linked]).when(link).then).code).toBe(
      ErrorCode.ALREADY_EXISTS,
    );
    expect(
      given([proposed], [linked])
        .when({ ...link, relation: LinkRelation.SUPERSEDES })
        .then(),
    ).toEqual([{ ...linked, data: { ...linked.data, relation: 'SUPERSEDES' } }]);
  });

  it('keeps its links in the state, with their dates', () => {
    const state = foldRecommendation([
      { event: proposed, occurredAt: '2022-05-23T00:00:00.000Z', reason: null },
      { event: linked, occurredAt: '2023-02-02T00:00:00.000Z', reason: null },
    ]);
    expect(state?.links).toEqual([
      { relation: 'RESPONDS_TO', otherId: 'CSC-ECPP', linkedAt: '2023-02-02T00:00:00.000Z' },
    ]);
  });
});
