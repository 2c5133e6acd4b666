import { variableFieldOf } from './graphql-errors';

describe('variableFieldOf', () => {
  it('names the input field a refused variable was for', () => {
    expect(
      variableFieldOf(
        'Variable "$input" got invalid value "2026-02-30" at "input.achievedOn"; Date cannot represent an invalid date-string 2026-02-30.',
      ),
    ).toEqual({ field: 'input.achievedOn' });
  });

  it('names the variable itself when it is not an input object', () => {
    expect(
      variableFieldOf(
        'Variable "$first" got invalid value "x"; Int cannot represent non-integer value: "x"',
      ),
    ).toEqual({ field: 'first' });
  });

  it('names nothing for other refusals', () => {
    expect(variableFieldOf('Cannot query field "nope" on type "Query".')).toEqual({});
    expect(variableFieldOf('Variable "$id" of required type "ID!" was not provided.')).toEqual({});
  });
});
