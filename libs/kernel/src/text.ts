import { InvalidInputError } from './domain-error';

/**
 * What a text that becomes part of an event may hold. Events are permanent and are shown in
 * pages, exports and terminals, so every path (GraphQL, imports, CLI) applies this one rule.
 */
export interface TextRule {
  /** Most characters (Unicode code points, so an emoji counts once). */
  maxLength: number;
  /** Line breaks and tabs are allowed (notes, reasons, descriptions); else one line. */
  multiline?: boolean;
}

/** The ways a text can break the rule, in the order they are checked. */
export const TEXT_RULES = [
  'maxLength',
  'wellFormed',
  'singleLine',
  'noControlCharacters',
  'noDirectionOverrides',
  'noInvisibleCharacters',
] as const;
export type TextRuleName = (typeof TEXT_RULES)[number];

/** What is wrong with a text: the rule, and words to follow the field's name. */
export interface TextProblem {
  rule: TextRuleName;
  message: string;
}

/** A high surrogate not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Line and paragraph breaks, and tabs. */
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029]/;
/** C0 and C1 controls and DEL, but for tab and line breaks (judged by LINE_BREAK_OR_TAB). */
// eslint-disable-next-line no-control-regex -- finding control characters is its purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Bidirectional embeddings, overrides and isolates: they make text read other than it is. */
const DIRECTION_OVERRIDE = /[\u202A-\u202E\u2066-\u2069]/;
/**
 * Zero-width space, word joiner and byte order mark: invisible, with no use in a name or a
 * note. The zero-width (non-)joiners stay allowed: emoji and some scripts need them.
 */
const INVISIBLE = /[\u200B\u2060\uFEFF]/;

function codePoints(value: string, max: number): number {
  if (value.length <= max) return value.length;
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/** The first way a text breaks the rule, or null when it keeps it. Pure. */
export function textProblem(
  value: string,
  { maxLength, multiline = false }: TextRule,
): TextProblem | null {
  const length = codePoints(value, maxLength);
  if (length > maxLength) {
    return {
      rule: 'maxLength',
      message: `must be ${maxLength} characters or fewer (it has ${length})`,
    };
  }
  if (LONE_SURROGATE.test(value)) {
    return {
      rule: 'wellFormed',
      message: 'must not contain broken characters (unpaired UTF-16 surrogates)',
    };
  }
  if (!multiline && LINE_BREAK_OR_TAB.test(value)) {
    return { rule: 'singleLine', message: 'must be one line, without line breaks or tabs' };
  }
  if (CONTROL.test(value)) {
    return { rule: 'noControlCharacters', message: 'must not contain control characters' };
  }
  if (DIRECTION_OVERRIDE.test(value)) {
    return {
      rule: 'noDirectionOverrides',
      message:
        'must not contain characters that override the direction of text (bidirectional overrides or isolates)',
    };
  }
  if (INVISIBLE.test(value)) {
    return {
      rule: 'noInvisibleCharacters',
      message:
        'must not contain invisible characters (zero-width space, word joiner, byte order mark)',
    };
  }
  return null;
}

/** Refuses a text that breaks the rule, naming the field and the rule. */
export function assertText(field: string, value: string, rule: TextRule): void {
  const problem = textProblem(value, rule);
  if (problem) throw new InvalidInputError(field, problem.rule, `${field} ${problem.message}`);
}
