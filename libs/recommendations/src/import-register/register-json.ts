import {
  findNodeAtLocation,
  getNodeValue,
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
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
  const deep = tooDeepAt(text);
  if (deep !== null) {
    const { line, column } = at(deep);
    fileError(
      deep,
      null,
      'depth',
      `Line ${line}, character ${column}: the JSON nests deeper than ${MAX_JSON_DEPTH} levels; a register is { "sources": [...], "recommendations": [...] }`,
    );
    return read;
  }
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  if (parseErrors.length > 0 || !tree) {
    const first = parseErrors[0] ?? { offset: 0, error: 0, length: 0 };
    const { line, column } = at(first.offset);
    fileError(
      first.offset,
      null,
      'json',
      `Line ${line}, character ${column}: the file is not JSON (${words(printParseErrorCode(first.error))})`,
    );
    return read;
  }
  if (tree.type !== 'object') {
    fileError(
      tree.offset,
      null,
      'registerShape',
      'The file must be a JSON object: { "sources": [...], "recommendations": [...] }',
    );
    return read;
  }
  for (const property of tree.children ?? []) {
    const name = String(property.children?.[0]?.value);
    if (!TOP_FIELDS.includes(name)) {
      fileError(
        property.offset,
        name,
        'knownField',
        `Unknown field "${name}"; a register has "sources" and "recommendations"`,
      );
    }
  }
  const list = (name: 'sources' | 'recommendations'): Node[] => {
    const node = findNodeAtLocation(tree, [name]);
    if (!node) return [];
    if (node.type === 'array') return node.children ?? [];
    fileError(node.offset, name, 'array', `${name} must be a list ([...])`);
    return [];
  };
  const sources = list('sources');
  const recommendations = list('recommendations');
  if (read.errors.length === 0 && sources.length + recommendations.length === 0) {
    fileError(
      tree.offset,
      null,
      'required',
      'The file lists no sources and no recommendations: { "sources": [...], "recommendations": [...] }',
    );
  }
  let row = 0;
  sources.forEach((node, index) => {
    read.entries.push(jsonEntry(file, ++row, node, `sources[${index}]`, at, 'source'));
  });
  recommendations.forEach((node, index) => {
    read.entries.push(
      jsonEntry(file, ++row, node, `recommendations[${index}]`, at, 'recommendation'),
    );
  });
  return read;
}

function jsonEntry(
  file: string,
  row: number,
  node: Node,
  path: string,
  at: (offset: number) => { line: number; column: number },
  kind: 'source' | 'recommendation',
): RegisterEntry {
  const value = getNodeValue(node) as Record<string, unknown>;
  const steps =
    kind === 'recommendation' && Array.isArray(value?.knownHistory)
      ? (value.knownHistory as { stage?: unknown }[])
      : [];
  const locate = (key: FieldKey | null): FieldPlace => {
    const segments = key === null ? [] : jsonPath(key, kind, steps, value);
    const found = findNodeAtLocation(node, segments) ?? node;
    // A property's value is found; its name is where a reader looks.
    const start = found.parent?.type === 'property' ? found.parent.offset : found.offset;
    return {
      field: key === null ? path : `${path}${pathText(segments)}`,
      ...at(start),
    };
  };
  const place = { file, row, locate };
  const problems: RegisterRowError[] = [];
  const problem = (key: string | null, rule: string, message: string): void => {
    problems.push(rowError(place, key, ErrorCode.BAD_USER_INPUT, rule, message));
  };
  const { line } = at(node.offset);
  const base = { file, row, line, problems, locate };
  if (node.type !== 'object') {
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

/** The offset of the bracket opening a level deeper than MAX_JSON_DEPTH, or null. */
function tooDeepAt(text: string): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (char === '}' || char === ']') depth--;
  }
  return null;
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
