import { graphql, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { DateScalar, DateTimeScalar } from './scalars';

/** A schema that echoes a Date and a DateTime argument as the domain receives them. */
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      received: {
        type: GraphQLString,
        args: { date: { type: DateScalar }, instant: { type: DateTimeScalar } },
        resolve: (_, args: Record<string, unknown>) => JSON.stringify(args),
      },
      stored: {
        type: new GraphQLObjectType({
          name: 'Stored',
          fields: { date: { type: DateScalar }, instant: { type: DateTimeScalar } },
        }),
        resolve: () => ({ date: '2024-02-29', instant: '2024-01-31T09:00:00.000Z' }),
      },
    },
  }),
});
const run = (source: string, variableValues?: Record<string, unknown>) =>
  graphql({ schema, source, variableValues });

describe('the API scalars', () => {
  it('hand the domain ISO 8601 text: a date as given, an instant in UTC with milliseconds', async () => {
    const variables = { date: '2024-02-29', instant: '2024-01-31T10:00:00+01:00' };
    const answer = await run(
      'query($date: Date, $instant: DateTime) { received(date: $date, instant: $instant) }',
      variables,
    );
    expect(JSON.parse(answer.data?.received as string)).toEqual({
      date: '2024-02-29',
      instant: '2024-01-31T09:00:00.000Z',
    });
    const literal = await run('{ received(date: "2024-02-29", instant: "2024-01-31T09:00:00Z") }');
    expect(JSON.parse(literal.data?.received as string)).toEqual({
      date: '2024-02-29',
      instant: '2024-01-31T09:00:00.000Z',
    });
  });

  it('answer stored dates and instants as the same text', async () => {
    expect((await run('{ stored { date instant } }')).data?.stored).toEqual({
      date: '2024-02-29',
      instant: '2024-01-31T09:00:00.000Z',
    });
  });

  it('refuse a date or an instant that does not exist, naming the variable', async () => {
    const date = await run('query($date: Date) { received(date: $date) }', { date: '2026-13-45' });
    expect(date.errors?.map((error) => error.message)).toEqual([
      'Variable "$date" got invalid value "2026-13-45"; Date cannot represent an invalid date-string 2026-13-45.',
    ]);
    const leap = await run('query($date: Date) { received(date: $date) }', { date: '2023-02-29' });
    expect(leap.errors).toHaveLength(1);
    const instant = await run('query($at: DateTime) { received(instant: $at) }', {
      at: '2024-01-31',
    });
    expect(instant.errors?.map((error) => error.message)).toEqual([
      'Variable "$at" got invalid value "2024-01-31"; DateTime cannot represent an invalid date-time-string 2024-01-31.',
    ]);
  });
});
