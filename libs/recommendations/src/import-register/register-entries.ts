import { ErrorCode } from '@app/kernel';
import type { ShippedSource } from '@app/sources';
import type { ShippedRecommendation } from '../shipped-recommendations';

/** What a row of a register file is about. */
export type RegisterRowKind = 'source' | 'recommendation' | 'response';

/** What a file holds, told by its CSV header or its JSON. */
export type RegisterFileKind = 'sources' | 'recommendations' | 'register';

/**
 * A problem with a row of a file (row 0: with the file itself). `field` names the CSV column
 * or the JSON path (`recommendations[3].proposedOn`); `line` and `column` say where it is, the
 * column counted from 1 (a CSV file's field, or a JSON file's character on the line).
 */
export interface RegisterRowError {
  file: string;
  row: number;
  line: number;
  column: number | null;
  field: string | null;
  code: ErrorCode;
  rule?: string;
  message: string;
}

/** Where a field of an entry is written in its file. */
export interface FieldPlace {
  field: string | null;
  line: number;
  column: number | null;
}

/**
 * The parts of an entry a rule may be about, by the names the commands use: a source's fields
 * (`title`, `occurredAt`...), its proposal's (`title`, `occurredAt`...), `response.<field>`,
 * or `step.<STAGE>.<field>` for a step of a JSON entry's knownHistory.
 */
export type FieldKey = string;

interface Entry {
  file: string;
  /** Rows count from 1 in the file's order (a JSON file's sources, then its recommendations). */
  row: number;
  line: number;
  /** Problems of form found on reading (a missing field, a wrong type): the row is not decided. */
  problems: RegisterRowError[];
  locate(key: FieldKey | null): FieldPlace;
}

/** A source as the shipped sources.json has it (kind in words). */
export interface SourceEntry extends Entry {
  kind: 'source';
  source: ShippedSource;
}

/** A recommendation as the shipped recommendations.json has it, and the link to its text. */
export interface RecommendationEntry extends Entry {
  kind: 'recommendation';
  recommendation: ShippedRecommendation;
  /** Where the recommendation is written (CSV evidenceUrl; JSON sourceUrl), or null. */
  evidenceUrl: string | null;
  /** A CSV row's responseNote as written; JSON's note is read as the shipped data words it. */
  responseNote?: string | null;
}

export type RegisterEntry = SourceEntry | RecommendationEntry;

/** A file read: its entries in order, and the problems with it as a whole. */
export interface RegisterFileRead {
  name: string;
  kind: RegisterFileKind | null;
  entries: RegisterEntry[];
  errors: RegisterRowError[];
}

/** A refusal of a row at a place in it, as the import lists it. */
export const rowError = (
  entry: Pick<Entry, 'file' | 'row' | 'locate'>,
  key: FieldKey | null,
  code: ErrorCode,
  rule: string | undefined,
  message: string,
): RegisterRowError => ({
  file: entry.file,
  row: entry.row,
  ...entry.locate(key),
  code,
  ...(rule ? { rule } : {}),
  message,
});

/** The government's response in the words the CSV column takes, as the shipped data words it. */
export const RESPONSE_WORDS = [
  'accepted in full',
  'accepted in part',
  'accepted in principle',
  'rejected',
  'noted',
  'under consideration',
] as const;
