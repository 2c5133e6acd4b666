import { ErrorCode } from '@app/kernel';
import { given, ID, proposed, refusal } from '../testing/scenario';

const propose = {
  kind: 'ProposeRecommendation' as const,
  id: ID,
  title: 'Introduce a single Family Help service',
  summary: null,
  source: { name: "Independent Review of Children's Social Care", url: null },
  theme: 'A revolution in Family Help',
  owner: null,
};

describe('propose a recommendation', () => {
  it('given nothing, proposes it with its facts', () => {
    expect(given().when(propose).then()).toEqual([proposed]);
  });

  it('given it exists, refuses with ALREADY_EXISTS', () => {
    expect(refusal(given([proposed]).when(propose).then).code).toBe(ErrorCode.ALREADY_EXISTS);
  });

  it('refuses a theme that is not one of the review themes, naming the field and rule', () => {
    const error = refusal(given().when({ ...propose, theme: 'Made up' }).then);
    expect(error).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { field: 'theme', rule: 'knownTheme' },
    });
  });

  it('refuses a business date in the future', () => {
    const error = refusal(given().when(propose, { occurredAt: '2030-01-01T00:00:00.000Z' }).then);
    expect(error).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { field: 'occurredAt', rule: 'notInFuture' },
    });
  });

  it('accepts a back-dated proposal', () => {
    expect(given().when(propose, { occurredAt: '2022-05-23T00:00:00.000Z' }).then()).toEqual([
      proposed,
    ]);
  });
});
