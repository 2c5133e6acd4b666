import 'reflect-metadata';
import { validateSync } from 'class-validator';
import { IsText } from './validation';

const RLO = '\u202E';

describe('IsText', () => {
  class Input {
    @IsText({ maxLength: 5 })
    name!: unknown;

    @IsText({ maxLength: 20, multiline: true })
    note!: unknown;

    @IsText({ maxLength: 8 }, { each: true })
    links!: unknown;
  }
  const check = (values: Partial<Input>) =>
    validateSync(Object.assign(new Input(), { name: 'Ada', note: 'a\nb', links: ['x'], ...values }))
      .flatMap((error) => Object.entries(error.constraints ?? {}))
      .map(([rule, message]) => [rule, message]);

  it('names the field and the one rule broken, in words', () => {
    expect(check({})).toEqual([]);
    expect(check({ name: 'Ada\nB' })).toEqual([
      ['singleLine', 'name must be one line, without line breaks or tabs'],
    ]);
    expect(check({ name: 'Adalbert' })).toEqual([
      ['maxLength', 'name must be 5 characters or fewer (it has 8)'],
    ]);
    expect(check({ note: `ok\n${RLO}` })).toEqual([
      [
        'noDirectionOverrides',
        'note must not contain characters that override the direction of text (bidirectional overrides or isolates)',
      ],
    ]);
    expect(check({ name: 42 })).toEqual([['isText', 'name must be text']]);
  });

  it('with each, checks every item of a list', () => {
    expect(check({ links: ['fine', 'a\u0000'] })).toEqual([
      ['noControlCharacters', 'each of links must not contain control characters'],
    ]);
  });
});
