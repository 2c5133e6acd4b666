import { buildSchema, parse, validate } from 'graphql';
import { complexityLimit } from './query-limits';

const schema = buildSchema(`
  type Item { id: ID, children(first: Int): [Item] }
  type Query { items(first: Int): [Item], item: Item }
`);
const errorsFor = (query: string, max: number): string[] =>
  validate(schema, parse(query), [complexityLimit(max)]).map((error) => error.message);

describe('query cost limit', () => {
  it('lets a cheap query through', () => {
    expect(errorsFor('{ item { id } }', 10)).toEqual([]);
  });

  it('multiplies nested selections by first', () => {
    expect(errorsFor('{ items(first: 100) { children(first: 100) { id } } }', 5000)).toEqual([
      expect.stringContaining('exceeds the limit of 5000'),
    ]);
  });

  it('counts fragments where they are spread', () => {
    const query =
      'query { items(first: 50) { ...F } } fragment F on Item { id children(first: 10) { id } }';
    expect(errorsFor(query, 100)).toHaveLength(1);
  });
});
