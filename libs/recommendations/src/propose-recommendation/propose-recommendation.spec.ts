import { ErrorCode } from '@app/kernel';
import { foldRecommendation } from '../domain/recommendation.state';
import {
  given,
  ID,
  proposed,
  proposedWithFreeTextSource,
  refusal,
  RESPONSE,
  REVIEW,
} from '../testing/scenario';

const propose = {
  kind: 'ProposeRecommendation' as const,
  id: ID,
  title: 'Introduce a single Family Help service',
  summary: null,
  sourceId: REVIEW.id,
  theme: 'A revolution in Family Help',
  owner: null,
};

describe('propose a recommendation', () => {
  it('given nothing, proposes it under its source and one of its themes', () => {
    expect(given().when(propose).then()).toEqual([proposed]);
  });

  it('given it exists, refuses with ALREADY_EXISTS', () => {
    expect(refusal(given([proposed]).when(propose).then).code).toBe(ErrorCode.ALREADY_EXISTS);
  });

  it('refuses a source that does not exist, naming the field', () => {
    const error = refusal(given().when({ ...propose, sourceId: 'no-such' }, { source: null }).then);
    expect(error).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      message: 'No source has the id "no-such"',
      details: { field: 'sourceId', rule: 'knownSource' },
    });
  });

  it("refuses a theme that is not one of the source's themes, naming the source", () => {
    const error = refusal(given().when({ ...propose, theme: 'Made up' }).then);
    expect(error).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      message: `Theme "Made up" is not one of ${REVIEW.title}'s themes`,
      details: { field: 'theme', rule: 'knownTheme' },
    });
  });

  it('requires a theme when the source has themes', () => {
    const error = refusal(given().when({ ...propose, theme: null }).then);
    expect(error).toMatchObject({ details: { field: 'theme', rule: 'knownTheme' } });
  });

  it('takes no theme from a source that lists none, and refuses one given', () => {
    const fromResponse = { ...propose, sourceId: RESPONSE.id, theme: null };
    expect(given().when(fromResponse, { source: RESPONSE }).then()).toEqual([
      {
        type: 'RecommendationProposed',
        data: { ...proposed.data, sourceId: RESPONSE.id, theme: null },
      },
    ]);
    const error = refusal(
      given().when({ ...fromResponse, theme: 'Implementation' }, { source: RESPONSE }).then,
    );
    expect(error).toMatchObject({
      message: `${RESPONSE.title} lists no themes, so a recommendation from it has none`,
      details: { field: 'theme', rule: 'noThemesInSource' },
    });
  });

  it('refuses a proposal dated before its source was published', () => {
    const error = refusal(given().when(propose, { occurredAt: '2022-05-22T12:00:00.000Z' }).then);
    expect(error).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { field: 'occurredAt', rule: 'notBeforeSource' },
    });
  });

  it('accepts a proposal dated on the day its source was published', () => {
    expect(given().when(propose, { occurredAt: '2022-05-22T23:00:00.000Z' }).then()).toEqual([
      proposed,
    ]);
  });

  it('refuses a business date in the future', () => {
    const error = refusal(given().when(propose, { occurredAt: '2030-01-01T00:00:00.000Z' }).then);
    expect(error).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { field: 'occurredAt', rule: 'notInFuture' },
    });
  });

  it('still folds a proposal recorded with a free-text source', () => {
    const state = foldRecommendation([
      { event: proposedWithFreeTextSource, occurredAt: '2022-05-23T00:00:00.000Z', reason: null },
    ]);
    expect(state).toMatchObject({
      sourceId: null,
      source: { name: "Independent Review of Children's Social Care", url: null },
      theme: 'A revolution in Family Help',
    });
  });
});
