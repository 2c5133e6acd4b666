import {
  findNodeAtLocation,
  type ParseError,
  parseTree,
  printParseErrorCode,
  visit,
} from 'jsonc-parser';
import { ErrorCode } from '@app/kernel';
import type { ShippedSource } from '@app/sources';
import type { ShippedRecommendation } from '../shipped-recommendations';
import {
  type FieldKey,
  type FieldPlace,
  type RegisterEntry,
  type RegisterFileRead,
  type RegisterRowError,
  rowError,
} from './register-entries';

/** Deepest nesting read: the shipped shapes nest four deep; more is not a register. */
export const MAX_JSON_DEPTH = 8;

/** The fields of the shipped entries, by type; others the shipped files carry are read past. */
const SOURCE_FIELDS = {
  id: 'string',
  kind: 'string',
  title: 'string',
  publisher: 'string',
  publishedOn: 'string',
  url: 'string?',
  themes: 'string[]',
} as const;
const SOURCE_EXTRAS = [
  'alternateUrls',
  'chapters',
  'note',
  'publishedOnPrecision',
  'seedFile',
] as const;
const RECOMMENDATION_FIELDS = {
  id: 'string',
  title: 'string',
  sourceId: 'string',
  proposedOn: 'string',
  theme: 'string',
  source: 'string?',
  sourceTheme: 'string?',
  sourceUrl: 'string?',
  programme: 'string?',
  governmentResponse: 'object?',
  knownHistory: 'array?',
} as const;
const RECOMMENDATION_EXTRAS = [
  'facts',
  'isNew',
  'origin',
  'outcomeNote',
  'previousTitle',
  'proposedOnPrecision',
  'relatedFacts',
  'relatedProgrammes',
  'relatedSourceIds',
  'sourceNote',
  'supportingUrls',
  'titleCorrection',
] as const;
const RESPONSE_FIELDS = {
  decision: 'string',
  on: 'string',
  url: 'string',
  note: 'string?',
} as const;
const STEP_FIELDS = {
  stage: 'string',
  on: 'string',
  evidence: 'string',
  note: 'string?',
  decision: 'string?',
  amountPence: 'number?',
  fundingSource: 'string?',
  period: 'string?',
  areas: 'string[]?',
  start: 'string?',
  plannedEnd: 'string?',
  scope: 'string?',
} as const;
const TOP_FIELDS = ['sources', 'recommendations', 'note', 'kinds', 'themes'];

type FieldType = 'string' | 'string?' | 'string[]' | 'string[]?' | 'number?' | 'object?' | 'array?';

/** Where a command's field is in a shipped entry, where the names differ. */
const SOURCE_PATH_OF: Record<string, string> = { occurredAt: 'publishedOn' };
const RECOMMENDATION_PATH_OF: Record<string, string> = {
  occurredAt: 'proposedOn',
  'response.decision': 'governmentResponse.decision',
  'response.respondedOn': 'governmentResponse.on',
  'response.occurredAt': 'governmentResponse.on',
  'response.evidenceUrl': 'governmentResponse.url',
  'response.note': 'governmentResponse.note',
};
const STEP_PATH_OF: Record<string, string> = {
  occurredAt: 'on',
  evidenceUrl: 'evidence',
  reason: 'note',
  startDate: 'start',
  plannedEndDate: 'plannedEnd',
  rolloutDate: 'on',
  skippedStages: 'stage',
};

/**
 * Reads a register in the shipped files' shape, `{ "sources": [...], "recommendations": [...] }`
 * (either list may be left out): every entry, or the problems with the file, each naming its
 * path and where it is written.
 */
export function readRegisterJson(file: string, text: string): RegisterFileRead {
  const read: RegisterFileRead = { name: file, kind: 'register', entries: [], errors: [] };
  const lines = lineStarts(text);
  const at = (offset: number): { line: number; column: number } => placeOf(lines, offset);
  const fileError = (offset: number, field: string | null, rule: string, message: string) => {
    read.errors.push({
      file,
      row: 0,
      ...at(offset),
      field,
      code: ErrorCode.BAD_USER_INPUT,
      rule,
      message,
    });
  };
  const scan = scanJson(text);
  if (scan.tooDeepAt !== null) {
    const { line, column } = at(scan.tooDeepAt);
    fileError(
      scan.tooDeepAt,
      null,
      'depth',
      `Line ${line}, character ${column}: the JSON nests deeper than ${MAX_JSON_DEPTH} levels; a register is { "sources": [...], "recommendations": [...] }`,
    );
    return read;
  }
  // The values by the engine's own parser (fast); where a field is written only when needed.
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const { offset, reason } = syntaxErrorOf(text, error);
    const { line, column } = at(offset);
    fileError(
      offset,
      null,
      'json',
      `Line ${line}, character ${column}: the file is not JSON (${reason})`,
    );
    return read;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    fileError(
      0,
      null,
      'registerShape',
      'The file must be a JSON object: { "sources": [...], "recommendations": [...] }',
    );
    return read;
  }
  const top = value as Record<string, unknown>;
  for (const name of Object.keys(top)) {
    if (!TOP_FIELDS.includes(name)) {
      fileError(
        scan.keys.get(name) ?? 0,
        name,
        'knownField',
        `Unknown field "${name}"; a register has "sources" and "recommendations"`,
      );
    }
  }
  const list = (name: 'sources' | 'recommendations'): unknown[] => {
    const given = top[name];
    if (given === undefined) return [];
    if (Array.isArray(given)) return given;
    fileError(scan.keys.get(name) ?? 0, name, 'array', `${name} must be a list ([...])`);
    return [];
  };
  const sources = list('sources');
  const recommendations = list('recommendations');
  if (read.errors.length === 0 && sources.length + recommendations.length === 0) {
    fileError(
      0,
      null,
      'required',
      'The file lists no sources and no recommendations: { "sources": [...], "recommendations": [...] }',
    );
  }
  const spans = (name: string): Span[] => scan.spans.filter((span) => span.list === name);
  const sourceSpans = spans('sources');
  const recommendationSpans = spans('recommendations');
  let row = 0;
  sources.forEach((entry, index) => {
    read.entries.push(
      jsonEntry(file, ++row, entry, `sources[${index}]`, text, sourceSpans[index], at, 'source'),
    );
  });
  recommendations.forEach((entry, index) => {
    const path = `recommendations[${index}]`;
    const span = recommendationSpans[index];
    read.entries.push(jsonEntry(file, ++row, entry, path, text, span, at, 'recommendation'));
  });
  return read;
}

function jsonEntry(
  file: string,
  row: number,
  given: unknown,
  path: string,
  text: string,
  span: Span | undefined,
  at: (offset: number) => { line: number; column: number },
  kind: 'source' | 'recommendation',
): RegisterEntry {
  const isObject = !!given && typeof given === 'object' && !Array.isArray(given);
  const value = (isObject ? given : {}) as Record<string, unknown>;
  const steps =
    kind === 'recommendation' && Array.isArray(value?.knownHistory)
      ? (value.knownHistory as { stage?: unknown }[])
      : [];
  const start = span?.start ?? 0;
  const locate = (key: FieldKey | null): FieldPlace => {
    const segments = key === null ? [] : jsonPath(key, kind, steps, value);
    // Only the entry is parsed for places, and only once a rule is about one of its fields.
    const tree = span ? parseTree(text.slice(span.start, span.end)) : undefined;
    const found = tree ? (findNodeAtLocation(tree, segments) ?? tree) : undefined;
    // A property's value is found; its name is where a reader looks.
    const offset = found?.parent?.type === 'property' ? found.parent.offset : (found?.offset ?? 0);
    return {
      field: key === null ? path : `${path}${pathText(segments)}`,
      ...at(start + offset),
    };
  };
  const place = { file, row, locate };
  const problems: RegisterRowError[] = [];
  const problem = (key: string | null, rule: string, message: string): void => {
    problems.push(rowError(place, key, ErrorCode.BAD_USER_INPUT, rule, message));
  };
  const { line } = at(start);
  const base = { file, row, line, problems, locate };
  if (!isObject) {
    problem(null, 'object', `${path} must be an object ({...})`);
    return kind === 'source'
      ? { ...base, kind, source: {} as ShippedSource }
      : { ...base, kind, recommendation: {} as ShippedRecommendation, evidenceUrl: null };
  }
  if (kind === 'source') {
    checkFields(value, SOURCE_FIELDS, SOURCE_EXTRAS, path, '', problem);
    return {
      ...base,
      kind,
      source: { ...(value as unknown as ShippedSource), url: nullable(value.url) },
    };
  }
  checkFields(value, RECOMMENDATION_FIELDS, RECOMMENDATION_EXTRAS, path, '', problem);
  const response = value.governmentResponse;
  if (response && typeof response === 'object' && !Array.isArray(response)) {
    checkFields(
      response as Record<string, unknown>,
      RESPONSE_FIELDS,
      [],
      `${path}.governmentResponse`,
      'governmentResponse.',
      problem,
    );
  }
  steps.forEach((step, index) => {
    if (!step || typeof step !== 'object' || Array.isArray(step)) {
      problem(
        `knownHistory.${index}`,
        'object',
        `${path}.knownHistory[${index}] must be an object`,
      );
    } else {
      checkFields(
        step,
        STEP_FIELDS,
        [],
        `${path}.knownHistory[${index}]`,
        `knownHistory.${index}.`,
        problem,
      );
    }
  });
  return {
    ...base,
    kind,
    recommendation: value as unknown as ShippedRecommendation,
    evidenceUrl: typeof value.sourceUrl === 'string' ? value.sourceUrl : null,
  };
}

const nullable = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Every field of the known ones of the right type, and no field unknown. */
function checkFields(
  value: Record<string, unknown>,
  fields: Record<string, FieldType>,
  extras: readonly string[],
  path: string,
  prefix: string,
  problem: (key: string, rule: string, message: string) => void,
): void {
  for (const [name, type] of Object.entries(fields)) {
    const given = value[name];
    const optional = type.endsWith('?');
    if (given === undefined || given === null) {
      if (!optional) problem(`${prefix}${name}`, 'required', `${path}.${name} is required`);
      continue;
    }
    const base = type.replace('?', '');
    const fits =
      base === 'string[]'
        ? Array.isArray(given) && given.every((item) => typeof item === 'string')
        : base === 'array'
          ? Array.isArray(given)
          : base === 'object'
            ? typeof given === 'object' && !Array.isArray(given)
            : typeof given === base;
    if (!fits) {
      problem(`${prefix}${name}`, 'type', `${path}.${name} must be ${TYPE_WORDS[base]}`);
    }
  }
  for (const name of Object.keys(value)) {
    if (!(name in fields) && !extras.includes(name)) {
      problem(
        `${prefix}${name}`,
        'knownField',
        `${path} has an unknown field "${name}"; the fields are ${Object.keys(fields).join(', ')}`,
      );
    }
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text in quotes',
  'string[]': 'a list of texts in quotes',
  number: 'a number',
  object: 'an object ({...})',
  array: 'a list ([...])',
};

/** The JSON path of a command's field in an entry. */
function jsonPath(
  key: FieldKey,
  kind: 'source' | 'recommendation',
  steps: readonly { stage?: unknown }[],
  value: Record<string, unknown>,
): (string | number)[] {
  const step = /^step\.([A-Z_]+)\.(.+)$/.exec(key);
  if (step) {
    const index = steps.findIndex((known) => known?.stage === step[1]);
    return ['knownHistory', index, STEP_PATH_OF[step[2]] ?? step[2]];
  }
  const direct = /^knownHistory\.(\d+)\.?(.*)$/.exec(key);
  if (direct) {
    return ['knownHistory', Number(direct[1]), ...(direct[2] ? [direct[2]] : [])];
  }
  let name = (kind === 'source' ? SOURCE_PATH_OF : RECOMMENDATION_PATH_OF)[key] ?? key;
  if (name === 'theme' && value?.sourceTheme !== undefined) name = 'sourceTheme';
  return name.split('.');
}

const pathText = (segments: (string | number)[]): string =>
  segments
    .map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`))
    .join('');

/** "InvalidSymbol" → "invalid symbol". */
const words = (code: string): string => code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** Where an entry of a top-level list is written: its list, and its first and past-last offsets. */
interface Span {
  list: string;
  start: number;
  end: number;
}

/**
 * One pass over the text, before it is parsed: where each entry of a top-level list and each
 * top-level field is written, and the bracket opening a level deeper than MAX_JSON_DEPTH.
 */
function scanJson(text: string): {
  tooDeepAt: number | null;
  spans: Span[];
  keys: Map<string, number>;
} {
  const spans: Span[] = [];
  const keys = new Map<string, number>();
  let depth = 0;
  let stringStart = -1;
  let lastString: string | null = null;
  let list: string | null = null;
  let spanStart = -1;
  const endSpan = (end: number): void => {
    if (list !== null && spanStart >= 0) spans.push({ list, start: spanStart, end });
    spanStart = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (stringStart >= 0) {
      if (char === '\\') i++;
      else if (char === '"') {
        if (depth === 1) {
          lastString = text.slice(stringStart + 1, i);
          if (!keys.has(lastString)) keys.set(lastString, stringStart);
        }
        stringStart = -1;
      }
      continue;
    }
    if (depth === 2 && list !== null && spanStart < 0 && !/[\s,\]]/.test(char)) spanStart = i;
    if (char === '"') stringStart = i;
    else if (char === '{' || char === '[') {
      if (++depth > MAX_JSON_DEPTH) return { tooDeepAt: i, spans, keys };
      if (depth === 2 && char === '[') list = lastString;
    } else if (char === '}' || char === ']') {
      depth--;
      if (depth === 1 && char === ']') {
        endSpan(i);
        list = null;
      }
    } else if (char === ',' && depth === 2) endSpan(i);
  }
  return { tooDeepAt: null, spans, keys };
}

/** Where JSON.parse stopped, and why: its message names the position, or jsonc-parser finds it. */
function syntaxErrorOf(text: string, error: unknown): { offset: number; reason: string } {
  const message = error instanceof Error ? error.message : String(error);
  const position = / in JSON at position (\d+)/.exec(message);
  if (position) return { offset: Number(position[1]), reason: message.slice(0, position.index) };
  let found: ParseError | null = null;
  visit(text, {
    onError: (error, offset, length) => {
      found ??= { error, offset, length };
    },
  });
  const first = found as ParseError | null;
  return first
    ? { offset: first.offset, reason: words(printParseErrorCode(first.error)) }
    : { offset: Math.max(0, text.length - 1), reason: 'it ends too soon' };
}

const lineStarts = (text: string): number[] => {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
};

function placeOf(starts: readonly number[], offset: number): { line: number; column: number } {
  let [low, high] = [0, starts.length - 1];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}
