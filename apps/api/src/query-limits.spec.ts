import {
  buildSchema,
  getIntrospectionQuery,
  GraphQLError,
  GraphQLObjectType,
  parse,
} from 'graphql';
import {
  COST_EXTENSION,
  CostEstimator,
  costing,
  foldedInTimeSlice,
  inPage,
  ListBounds,
  listOf,
  pageOf,
} from '@app/platform';
import {
  coerceVariables,
  jsonSizeUpTo,
  MAX_QUERY_DEPTH,
  operationCost,
  operationDepth,
  usesIntrospection,
} from './query-limits';

const schema = buildSchema(`
  type Item { id: ID, name: String, tags: [String], children: [Item], milestones: [Item] }
  type Page { nodes: [Item], total: Int }
  type Query {
    items(first: Int): Page
    areas: [Item]
    item: Item
    rollout(asOf: String, validAt: String): Item
    verify: Item
    undeclared: [Item]
  }
`);
/** The estimators the real schema declares with `@Cost`, set on this schema's fields. */
const declare = (type: string, field: string, estimate: CostEstimator): void => {
  const fields = (schema.getType(type) as GraphQLObjectType).getFields();
  (fields[field] as { extensions: object }).extensions = { [COST_EXTENSION]: estimate };
};
declare('Query', 'items', pageOf);
declare('Page', 'nodes', inPage);
declare('Query', 'areas', listOf('areas'));
declare('Item', 'children', listOf(10));
declare('Item', 'milestones', listOf('milestones'));
declare('Query', 'rollout', foldedInTimeSlice(500));
declare('Query', 'verify', costing(1000));

const bounds: ListBounds = { areas: 153, regions: 9, programmes: 4, milestones: 6 };
const costOf = (query: string, variables: Record<string, unknown> = {}, on = schema): number =>
  operationCost(on, parse(query), variables, bounds, 1_000_000);

describe('operationCost', () => {
  it('counts each field once, with what it selects', () => {
    expect(costOf('{ item { id name tags } }')).toBe(4);
  });

  it('prices a list without first at its real bound, read from the data', () => {
    expect(costOf('{ areas { id } }')).toBe(1 + 153 * 1);
    expect(costOf('{ areas { milestones { id name } } }')).toBe(1 + 153 * (1 + 6 * 2));
  });

  it('prices a page at first, its default, or the value of the variable given for it', () => {
    const query = 'query($n: Int) { items(first: $n) { nodes { id } total } }';
    expect(costOf(query, { n: 100 })).toBe(1 + 100 * (2 + 1));
    expect(costOf(query, { n: 3 })).toBe(1 + 3 * (2 + 1));
    expect(costOf(query)).toBe(1 + 20 * (2 + 1));
    expect(costOf('{ items(first: 7) { nodes { id } } }')).toBe(1 + 7 * 2);
  });

  it('prices a page past the largest pageSize allows at that largest size (the resolver refuses it)', () => {
    expect(costOf('{ items(first: 1000000) { total } }')).toBe(1 + 100 * 1);
  });

  it('prices aliases each, so that repeating a field repeats its cost', () => {
    const one = costOf('{ a: areas { milestones { id } } }');
    expect(costOf('{ a: areas { milestones { id } } b: areas { milestones { id } } }')).toBe(
      2 * one,
    );
  });

  it('prices a time-travelled fold high and the current one as a field', () => {
    expect(costOf('{ rollout { id } }')).toBe(2);
    expect(costOf('query($d: String) { rollout(asOf: $d) { id } }', { d: '2024-01-01' })).toBe(501);
    expect(costOf('{ rollout(validAt: "2024-01-01") { id } }')).toBe(501);
  });

  it('prices costly work at its declared cost', () => {
    expect(costOf('{ verify { id } }')).toBe(1001);
  });

  it('prices a list of objects that declares nothing as a full page', () => {
    expect(costOf('{ undeclared { id } }')).toBe(1 + 100);
  });

  it('expands fragments, named and inline, where they are spread', () => {
    expect(
      costOf('{ item { ...F ... on Item { name } } } fragment F on Item { children { id } }'),
    ).toBe(1 + (1 + 10) + 1);
  });

  it('counts the costliest operation of the document', () => {
    expect(costOf('query A { item { id } } query B { areas { id } }')).toBe(154);
  });

  it('prices introspection whole, whatever it selects', () => {
    expect(costOf('{ __schema { types { name } } }')).toBe(
      costOf('{ __schema { types { fields { args { name } } } } }'),
    );
    expect(costOf('{ __typename }')).toBe(1);
  });

  it('stops counting once past the limit', () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: areas { id }`).join(' ');
    const cost = operationCost(schema, parse(`{ ${aliases} }`), {}, bounds, 1000);
    expect(cost).toBeGreaterThan(1000);
    expect(cost).toBeLessThan(2000);
  });
});

describe('operationDepth', () => {
  const depthOf = (query: string): number => operationDepth(parse(query));

  it('counts fields nested in fields, the leaf included, in the deepest operation', () => {
    expect(depthOf('{ item { id } }')).toBe(2);
    expect(depthOf('{ item { children { children { id } } } areas { id } }')).toBe(4);
    expect(depthOf('query A { item { id } } query B { item { children { id } } }')).toBe(3);
  });

  it('adds no level for fragments, named or inline, and counts what they select', () => {
    expect(depthOf('{ item { ... on Item { children { id } } } }')).toBe(3);
    expect(depthOf('{ item { ...F } } fragment F on Item { children { children { id } } }')).toBe(
      4,
    );
  });

  it('counts a deep ordinary query past the limit', () => {
    const deep = `{ ${'item { children { '.repeat(5)}id${' } }'.repeat(5)} }`;
    expect(depthOf(deep)).toBe(11);
    expect(depthOf(deep)).toBeGreaterThan(MAX_QUERY_DEPTH);
  });

  it('counts no level for ofType inside introspection, so that the standard query passes', () => {
    // Mercurius' depth counted 15 here, and refused GraphiQL and every code generator.
    expect(depthOf(getIntrospectionQuery())).toBeLessThanOrEqual(MAX_QUERY_DEPTH);
    expect(
      depthOf('{ __schema { types { ofType { ofType { ofType { ofType { name } } } } } } }'),
    ).toBe(3);
    expect(
      depthOf(
        '{ __schema { directives { args { type { fields { args { type { fields { args { name } } } } } } } } } }',
      ),
    ).toBe(10);
  });

  it('does not loop on fragments that spread each other (refused by validation)', () => {
    expect(
      depthOf('{ ...A } fragment A on Query { item { ...B } } fragment B on Item { ...A }'),
    ).toBe(1);
  });
});

describe('coerceVariables', () => {
  const document = parse('query Q($n: Int, $s: String = "x") { items(first: $n) { total } }');

  it('reads the variables as GraphQL does, defaults included', () => {
    expect(coerceVariables(schema, document, undefined, { n: 3 })).toEqual({ n: 3, s: 'x' });
  });

  it('refuses wrongly typed variables with GraphQL own words, all of them', () => {
    const refusal = (() => {
      try {
        coerceVariables(schema, document, 'Q', { n: 'x', s: 5 });
      } catch (error) {
        return error as AggregateError;
      }
    })();
    expect(refusal).toBeInstanceOf(AggregateError);
    expect((refusal!.errors as GraphQLError[]).map((error) => error.message)).toEqual([
      'Variable "$n" got invalid value "x"; Int cannot represent non-integer value: "x"',
      'Variable "$s" got invalid value 5; String cannot represent a non string value: 5',
    ]);
  });
});

describe('usesIntrospection', () => {
  it('finds __schema and __type anywhere in the document', () => {
    expect(usesIntrospection(parse('{ __schema { queryType { name } } }'))).toBe(true);
    expect(usesIntrospection(parse('{ a: __type(name: "Item") { name } }'))).toBe(true);
    expect(usesIntrospection(parse('{ ... on Query { __schema { types { name } } } }'))).toBe(true);
    expect(
      usesIntrospection(parse('{ ...F } fragment F on Query { __schema { types { name } } }')),
    ).toBe(true);
  });

  it('lets __typename and ordinary fields be', () => {
    expect(usesIntrospection(parse('{ __typename item { __typename id } }'))).toBe(false);
  });
});

describe('jsonSizeUpTo', () => {
  const answer = {
    programmes: [
      { id: 'p1', areas: [{ code: 'E09000022', done: true, count: 12, note: null }] },
      { id: 'p2', areas: [] },
    ],
  };

  it('is the length of the JSON when under the limit', () => {
    expect(jsonSizeUpTo(answer, 1_000_000)).toBe(JSON.stringify(answer).length);
  });

  it('stops soon after the limit, without walking the rest', () => {
    const huge = { rows: Array.from({ length: 100_000 }, (_, i) => ({ row: `row ${i}` })) };
    const size = jsonSizeUpTo(huge, 1000);
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThan(JSON.stringify(huge).length / 10);
  });
});
