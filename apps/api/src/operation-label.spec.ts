import { parse } from 'graphql';
import { operationLabel } from './operation-label';

describe('operationLabel', () => {
  it('counts an operation by its first root field, whatever the client named it', () => {
    expect(operationLabel(parse('query AnyNameAtAll { recommendations { id } stages }'))).toEqual({
      type: 'query',
      operation: 'recommendations',
    });
    expect(operationLabel(parse('mutation { proposeRecommendation(input: {}) { id } }'))).toEqual({
      type: 'mutation',
      operation: 'proposeRecommendation',
    });
  });

  it('takes the operation named by operationName from a document with several', () => {
    const document = parse('query A { recommendations { id } } mutation B { seal { id } }');
    expect(operationLabel(document, 'B')).toEqual({ type: 'mutation', operation: 'seal' });
    expect(operationLabel(document, 'made-up')).toEqual({
      type: 'query',
      operation: 'recommendations',
    });
  });

  it('groups introspection, and skips __typename', () => {
    expect(operationLabel(parse('{ __schema { types { name } } }')).operation).toBe(
      'introspection',
    );
    expect(operationLabel(parse('{ __typename whoAmI { name } }')).operation).toBe('whoAmI');
    expect(operationLabel(parse('{ __typename }')).operation).toBe('other');
  });

  it('labels a fragment-only selection "other"', () => {
    expect(operationLabel(parse('{ ...F } fragment F on Query { stages }')).operation).toBe(
      'other',
    );
  });
});
