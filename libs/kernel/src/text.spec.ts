import { refusal } from './domain-error';
import { assertText, textProblem } from './text';

const RLO = '\u202E';
const LONE_HIGH = '\uD83D';

describe('the text rule for everything that becomes part of an event', () => {
  const line = { maxLength: 10 };
  const lines = { maxLength: 10, multiline: true };

  it('accepts ordinary text in any script, emoji (one character each) and joined emoji', () => {
    expect(textProblem('Café ñ', line)).toBeNull();
    expect(textProblem('لندن', line)).toBeNull();
    expect(textProblem('👍'.repeat(10), line)).toBeNull();
    expect(textProblem('👩\u200D💻', line)).toBeNull();
  });

  it.each([
    ['11 characters', 'a'.repeat(11), 'maxLength', 'must be 10 characters or fewer (it has 11)'],
    ['a lone surrogate', `a${LONE_HIGH}b`, 'wellFormed', 'must not contain broken characters'],
    ['a lone low surrogate', '\uDC00', 'wellFormed', 'must not contain broken characters'],
    ['a line break', 'a\nb', 'singleLine', 'must be one line'],
    ['a tab', 'a\tb', 'singleLine', 'must be one line'],
    ['a line separator', 'a\u2028b', 'singleLine', 'must be one line'],
    ['a NUL', 'a\u0000b', 'noControlCharacters', 'must not contain control characters'],
    ['an escape', '\u001B[31m', 'noControlCharacters', 'must not contain control characters'],
    ['DEL', 'a\u007F', 'noControlCharacters', 'must not contain control characters'],
    ['a C1 control', 'a\u0085', 'noControlCharacters', 'must not contain control characters'],
    ['a right-to-left override', `${RLO}vsc.exe`, 'noDirectionOverrides', 'override the direction'],
    ['a left-to-right isolate', 'a\u2066b', 'noDirectionOverrides', 'override the direction'],
    ['a zero-width space', 'a\u200Bb', 'noInvisibleCharacters', 'invisible characters'],
    ['a byte order mark', '\uFEFFa', 'noInvisibleCharacters', 'invisible characters'],
  ])('refuses %s on one line', (_what, value, rule, words) => {
    expect(textProblem(value, line)).toEqual({ rule, message: expect.stringContaining(words) });
  });

  it('allows tabs and line breaks where a field allows lines, but nothing else', () => {
    expect(textProblem('a\r\n\tb', lines)).toBeNull();
    expect(textProblem('a\n\u0007', lines)?.rule).toBe('noControlCharacters');
    expect(textProblem(`a\n${RLO}`, lines)?.rule).toBe('noDirectionOverrides');
  });

  it('refuses the 60,000-character file name with an override by its length, naming the field', () => {
    const name = `${RLO}${'x'.repeat(60_000)}.csv`;
    expect(refusal(() => assertText('filename', name, { maxLength: 255 }))).toMatchObject({
      details: { field: 'filename', rule: 'maxLength' },
      message: 'filename must be 255 characters or fewer (it has 60005)',
    });
  });
});
