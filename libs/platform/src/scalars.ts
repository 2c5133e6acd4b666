import { GraphQLScalarType } from 'graphql';
import { GraphQLDate, GraphQLDateTimeISO } from 'graphql-scalars';

/*
 * The API's scalars (API convention: identifiers are ID, instants DateTime, calendar dates Date)
 * are graphql-scalars' own, checked and described by it. The domain keeps instants and dates as
 * ISO 8601 text (`toISOString()`, `YYYY-MM-DD`), so what a client sends is handed on as that
 * text, not as a JavaScript Date: each value is read by the library and written back by it.
 */

/** An instant: RFC 3339 date-time in, ISO 8601 UTC with milliseconds out (2024-01-31T09:00:00.000Z). */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  ...GraphQLDateTimeISO.toConfig(),
  name: 'DateTime',
  description:
    'An instant, as an RFC 3339 date-time such as 2024-01-31T09:00:00Z (answers are in UTC: 2024-01-31T09:00:00.000Z)',
  parseValue: (value) => GraphQLDateTimeISO.serialize(GraphQLDateTimeISO.parseValue(value)),
  parseLiteral: (node, variables) =>
    GraphQLDateTimeISO.serialize(GraphQLDateTimeISO.parseLiteral(node, variables)),
});

/** A calendar date, YYYY-MM-DD, that exists (no 30 February). */
export const DateScalar = new GraphQLScalarType<string, string>({
  ...GraphQLDate.toConfig(),
  description: 'A calendar date, YYYY-MM-DD (RFC 3339 full-date), such as 2024-01-31',
  parseValue: (value) => GraphQLDate.serialize(GraphQLDate.parseValue(value)),
  parseLiteral: (node, variables) =>
    GraphQLDate.serialize(GraphQLDate.parseLiteral(node, variables)),
});
