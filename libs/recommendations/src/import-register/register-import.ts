import { Inject, Injectable, Logger } from '@nestjs/common';
import { validateSync } from 'class-validator';
import { LocalAuthorityRegister } from '@app/areas';
import {
  EVENT_STORE,
  EventStore,
  type NewEvent,
  type RecordedEvent,
  type StreamAppend,
  WrongExpectedVersionError,
} from '@app/event-store';
import {
  type Actor,
  assertRole,
  Clock,
  type CommandContext,
  DomainError,
  ErrorCode,
  isoDate,
  metadataOf,
  readReferenceData,
  SourceCatalogue,
  type SourceOfRecommendations,
  startOfBusinessDay,
  turnTaker,
} from '@app/kernel';
import {
  CsvFileError,
  csvRecords,
  csvText,
  fileTooLarge,
  IMPORT_LIMIT_BYTES,
  importRefusalMessage,
  isCalendarDate,
  Metrics,
} from '@app/platform';
import {
  AddSourceInput,
  decide as decideSource,
  foldStoredSource,
  MAY_RECORD_SOURCES,
  type SourceAdded,
  type SourceDetails,
  SourceKind,
  sourceKindOf,
  sourceStream,
  SourcesReadModel,
} from '@app/sources';
import { decide } from '../domain/decide';
import { MAY_DECIDE_LIFECYCLE } from '../domain/policy';
import { type RecommendationEvent, recommendationStream } from '../domain/recommendation.events';
import { evolve, type RecommendationState } from '../domain/recommendation.state';
import { foldStored, toHistoryEntry } from '../domain/recorded';
import { Stage } from '../domain/stage';
import { ProposeRecommendationInput } from '../propose-recommendation/propose-recommendation.input';
import { RecommendationsReadModel } from '../read-model/recommendations.read-model';
import { RecordGovernmentResponseInput } from '../record-government-response/record-government-response.input';
import { type SeedStep, type ShippedProgramme, stepsOf } from '../seed/seed-plan';
import { csvFileKind, csvRegisterReader, UNKNOWN_CSV_KIND } from './register-csv';
import {
  type RecommendationEntry,
  type RegisterEntry,
  type RegisterFileKind,
  type RegisterFileRead,
  type RegisterRowError,
  type RegisterRowKind,
  rowError,
  type SourceEntry,
} from './register-entries';
import { readRegisterJson } from './register-json';

/** Most errors (and, in a dry run, row outcomes) listed; the counts cover every row read. */
export const MAX_LISTED = 1000;
/** Checking stops once the errors reach this many: the caller fixes these and sends again. */
export const MAX_ERRORS = 1000;

/** Why an import was refused, for people: when checking stopped early, what to do next. */
export const registerRefusalMessage = (result: RegisterImportResult): string =>
  importRefusalMessage(result, MAX_ERRORS, 'The import');

/** One file of an import: its name (for errors and the events' reasons) and its bytes. */
export interface RegisterFile {
  name: string;
  content: Buffer | string | AsyncIterable<Buffer | string>;
}

export interface RegisterImportOptions {
  files: RegisterFile[];
  /** Check and report every row's outcome; write nothing. */
  dryRun: boolean;
  correlationId: string;
}

export type RegisterRowOutcome = 'RECORD' | 'UNCHANGED' | 'ERROR';

/** What one row does (a recommendation's response is a row of its own kind). */
export interface RegisterRowDetail {
  file: string;
  row: number;
  line: number;
  kind: RegisterRowKind;
  id: string;
  title: string;
  outcome: RegisterRowOutcome;
}

export interface RegisterImportResult {
  dryRun: boolean;
  /** Each file, what its header or shape says it holds, and its rows. */
  files: { name: string; kind: RegisterFileKind | null; rows: number }[];
  /** Rows read in every file: sources and recommendations. */
  rows: number;
  /** Rows recording something new (in a dry run: that would). */
  toRecord: number;
  /** Rows written: toRecord after a real run; 0 after a dry run or a refusal. */
  recorded: number;
  /** Rows the register already has as the file says. */
  unchanged: number;
  errorCount: number;
  /** The first 1,000 errors, by file then row; any error refuses every file. */
  errors: RegisterRowError[];
  /** Checking stopped at MAX_ERRORS errors. */
  stoppedEarly: boolean;
  /** Dry run only: the outcome of each of the first 1,000 rows. */
  rowsDetail?: RegisterRowDetail[];
}

/** The stage each lifecycle command moves to, and the event it writes. */
const STEPS: Record<string, { stage: Stage; event: RecommendationEvent['type'] }> = {
  AcceptRecommendation: { stage: Stage.ACCEPTED, event: 'RecommendationAccepted' },
  RejectRecommendation: { stage: Stage.REJECTED, event: 'RecommendationRejected' },
  FundRecommendation: { stage: Stage.FUNDED, event: 'RecommendationFunded' },
  StartPilot: { stage: Stage.PILOTED, event: 'RecommendationPilotStarted' },
  RollOutRecommendation: { stage: Stage.ROLLED_OUT, event: 'RecommendationRolledOut' },
  WithdrawRecommendation: { stage: Stage.WITHDRAWN, event: 'RecommendationWithdrawn' },
};

/** The steps a file's record may take (the seed plan's): later steps go through the mutations. */
const IMPORTED_STAGES: readonly string[] = [
  Stage.ACCEPTED,
  Stage.REJECTED,
  Stage.FUNDED,
  Stage.PILOTED,
  Stage.ROLLED_OUT,
];

/** One stream's new events and the version it was read at. */
interface Pending {
  version: number;
  events: NewEvent[];
}

/** What one import holds while it decides. */
class ImportRun {
  readonly errors: RegisterRowError[] = [];
  readonly details: RegisterRowDetail[] = [];
  readonly pending = new Map<string, Pending>();
  /** Sources as the import leaves them: the file's new ones are seen by its recommendations. */
  readonly sources = new Map<string, SourceOfRecommendations | null>();
  /** The first row of each id, to name it when a later row repeats it. */
  readonly seen = new Map<string, { file: string; row: number }>();
  readonly pace = turnTaker();
  errorCount = 0;
  toRecord = 0;
  unchanged = 0;

  constructor(
    readonly actor: Actor,
    readonly options: RegisterImportOptions,
    readonly now: Date,
  ) {}

  fail(error: RegisterRowError): void {
    this.errorCount++;
    if (this.errors.length < MAX_LISTED) this.errors.push(error);
  }

  detail(detail: RegisterRowDetail): void {
    if (this.options.dryRun && this.details.length < MAX_LISTED) this.details.push(detail);
  }

  get stopped(): boolean {
    return this.errorCount >= MAX_ERRORS;
  }

  add(streamId: string, version: number, events: NewEvent[]): void {
    const pending = this.pending.get(streamId) ?? { version, events: [] };
    pending.events.push(...events);
    this.pending.set(streamId, pending);
  }
}

/**
 * Loads a register (sources and recommendations) from CSV and JSON files, as the milestone
 * import loads milestones: every row is checked as its mutation checks it (the same input
 * validation, the same deciders and roles); a dry run reports each row's outcome; a real run
 * writes everything new across every file in one atomic multi-stream append, or nothing at
 * all when any row is refused. A row the register already has is unchanged, so sending the
 * same files again (or retrying a request) writes nothing; a row whose id is recorded with
 * other facts is refused, saying what differs.
 */
@Injectable()
export class RegisterImport {
  private readonly logger = new Logger('Recommendations');
  private readonly programmes: ReadonlyMap<string, ShippedProgramme>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly areas: LocalAuthorityRegister,
    private readonly catalogue: SourceCatalogue,
    private readonly recommendations: RecommendationsReadModel,
    private readonly sourcesReadModel: SourcesReadModel,
    @Inject(IMPORT_LIMIT_BYTES) private readonly limitBytes: number,
    /** The app's; an import made outside one counts in a registry of its own. */
    private readonly metrics: Metrics = new Metrics(),
  ) {
    const data = JSON.parse(readReferenceData('programmes.json')) as {
      programmes: ShippedProgramme[];
    };
    this.programmes = new Map(data.programmes.map((programme) => [programme.id, programme]));
  }

  async run(actor: Actor, options: RegisterImportOptions): Promise<RegisterImportResult> {
    // Only those who may record sources or decide recommendations import; before a byte is read.
    assertRole(
      actor,
      [...new Set([...MAY_RECORD_SOURCES, ...MAY_DECIDE_LIFECYCLE])],
      'import a register',
    );
    if (options.files.length === 0) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, 'The import has no file', {
        field: 'file',
        rule: 'required',
      });
    }
    const files = await this.readFiles(options.files);
    const entries = files.flatMap((file) => file.entries);
    if (entries.some((entry) => entry.kind === 'source')) {
      assertRole(actor, MAY_RECORD_SOURCES, 'AddSource');
    }
    if (entries.some((entry) => entry.kind === 'recommendation')) {
      assertRole(actor, MAY_DECIDE_LIFECYCLE, 'ProposeRecommendation');
    }
    let run = await this.decideAll(actor, options, files, entries);
    let recorded = 0;
    if (!options.dryRun && run.errorCount === 0) {
      try {
        await this.write(run);
      } catch (error) {
        // Someone wrote meanwhile: decide every row again on what is stored now, once.
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        run = await this.decideAll(actor, options, files, entries);
        if (run.errorCount === 0) await this.write(run);
      }
      if (run.errorCount === 0) recorded = run.toRecord;
    }
    const result: RegisterImportResult = {
      dryRun: options.dryRun,
      files: files.map((file) => ({ name: file.name, kind: file.kind, rows: file.entries.length })),
      rows: entries.length,
      toRecord: run.toRecord,
      recorded,
      unchanged: run.unchanged,
      errorCount: run.errorCount,
      errors: inFileOrder(files, run.errors),
      stoppedEarly: run.stopped,
      ...(options.dryRun ? { rowsDetail: inFileOrder(files, run.details) } : {}),
    };
    this.count(result);
    this.logger.log({
      msg: options.dryRun ? 'register import checked' : 'register import run',
      files: result.files.map((file) => file.name),
      rows: result.rows,
      recorded: result.recorded,
      errorCount: result.errorCount,
      actor: actor.id,
      correlationId: options.correlationId,
    });
    return result;
  }

  private count(result: RegisterImportResult): void {
    const outcomes: [string, number][] = result.dryRun
      ? [['checked', result.rows]]
      : result.errorCount > 0
        ? [['refused', result.rows]]
        : [
            ['recorded', result.recorded],
            ['unchanged', result.rows - result.recorded],
          ];
    for (const [outcome, rows] of outcomes) this.metrics.importRows.inc({ outcome }, rows);
  }

  /** Every file read into entries, within the limit on bytes for the whole import. */
  private async readFiles(files: RegisterFile[]): Promise<RegisterFileRead[]> {
    let budget = this.limitBytes;
    const pace = turnTaker();
    const read: RegisterFileRead[] = [];
    for (const file of files) {
      const bytes = await bytesOf(file.content, budget, this.limitBytes);
      budget -= bytes.length;
      read.push(await readFile(file.name, bytes, pace));
    }
    return read;
  }

  private async decideAll(
    actor: Actor,
    options: RegisterImportOptions,
    files: RegisterFileRead[],
    entries: RegisterEntry[],
  ): Promise<ImportRun> {
    const run = new ImportRun(actor, options, this.clock.now());
    for (const file of files) file.errors.forEach((error) => run.fail(error));
    // Sources first, so that a recommendation may name a source the same import adds.
    const ordered = [
      ...entries.filter((entry) => entry.kind === 'source'),
      ...entries.filter((entry) => entry.kind === 'recommendation'),
    ];
    for (const entry of ordered) {
      if (run.stopped) break;
      if (entry.kind === 'source') await this.decideSource(run, entry);
      else await this.decideRecommendation(run, entry);
      await run.pace();
    }
    return run;
  }

  private async decideSource(run: ImportRun, entry: SourceEntry): Promise<void> {
    const { source } = entry;
    const detail = detailOf(entry, 'source', source);
    const refuse = (errors: RegisterRowError[]): void => {
      errors.forEach((error) => run.fail(error));
      run.detail({ ...detail, outcome: 'ERROR' });
    };
    if (entry.problems.length > 0) return refuse(entry.problems);
    const repeated = this.repeated(run, `source:${source.id}`, entry, 'source');
    if (repeated) return refuse([repeated]);
    let kind: SourceKind;
    try {
      kind = sourceKindOf(source.kind);
    } catch {
      return refuse([
        rowError(
          entry,
          'kind',
          ErrorCode.BAD_USER_INPUT,
          'oneOf',
          `kind "${source.kind}" must be one of: ${Object.values(SourceKind)
            .map((value) => value.toLowerCase().replace(/_/g, ' '))
            .join(', ')}`,
        ),
      ]);
    }
    const details: SourceDetails = {
      kind,
      title: source.title,
      publisher: source.publisher,
      publishedOn: source.publishedOn,
      url: source.url,
      themes: source.themes,
    };
    const invalid = inputErrors(
      entry,
      '',
      Object.assign(new AddSourceInput(), { id: source.id, ...details }),
    );
    if (invalid.length > 0) return refuse(invalid);
    const events = await this.store.readStream(sourceStream(source.id));
    const stored = foldStoredSource(events);
    if (stored) {
      run.sources.set(source.id, stored);
      const differs = sourceDifferences(stored, details);
      if (differs.length === 0) {
        run.unchanged++;
        return run.detail({ ...detail, outcome: 'UNCHANGED' });
      }
      return refuse([
        rowError(
          entry,
          differs[0].field,
          ErrorCode.ALREADY_EXISTS,
          'sameAsRecorded',
          `Source ${source.id} is already recorded with other details (${differs.map((difference) => difference.words).join('; ')}); correct it with the correctSource mutation (themes may be added, never removed), or leave the row out`,
        ),
      ]);
    }
    const on = source.publishedOn;
    try {
      const decided = decideSource({ kind: 'AddSource', id: source.id, details }, null, {
        occurredAt: startOfBusinessDay(on),
        reason: null,
        now: run.now,
      });
      const added = decided[0] as SourceAdded;
      run.sources.set(source.id, added.data);
      run.add(sourceStream(source.id), 0, [
        this.newEvent(run, added, {
          commandId: `import:source:${source.id}`,
          on,
          reason: `Published on ${on}; imported from ${entry.file}, row ${entry.row}`,
          evidence: source.url ? [source.url] : [],
        }),
      ]);
      run.toRecord++;
      run.detail({ ...detail, outcome: 'RECORD' });
    } catch (error) {
      refuse([errorOf(error, entry, '')]);
    }
  }

  private async decideRecommendation(run: ImportRun, entry: RecommendationEntry): Promise<void> {
    const { recommendation } = entry;
    const detail = detailOf(entry, 'recommendation', recommendation);
    const response = recommendation.governmentResponse ?? null;
    const responseDetail = { ...detail, kind: 'response' as const };
    const refuse = (errors: RegisterRowError[]): void => {
      errors.forEach((error) => run.fail(error));
      run.detail({ ...detail, outcome: 'ERROR' });
      if (response) run.detail({ ...responseDetail, outcome: 'ERROR' });
    };
    if (entry.problems.length > 0) return refuse(entry.problems);
    const repeated = this.repeated(
      run,
      `recommendation:${recommendation.id}`,
      entry,
      'recommendation',
    );
    if (repeated) return refuse([repeated]);
    const source = await this.source(run, recommendation.sourceId);
    const badDate = datesOf(recommendation).find(({ on }) => !isCalendarDate(on));
    if (badDate) {
      return refuse([
        rowError(
          entry,
          badDate.key,
          ErrorCode.BAD_USER_INPUT,
          'calendarDate',
          `${badDate.name} must be a real date written YYYY-MM-DD, such as 2022-05-23 (it was "${badDate.on.slice(0, 40)}")`,
        ),
      ]);
    }
    const badStage = (recommendation.knownHistory ?? []).findIndex(
      (known) => !IMPORTED_STAGES.includes(known.stage),
    );
    if (badStage >= 0) {
      return refuse([
        rowError(
          entry,
          `knownHistory.${badStage}.stage`,
          ErrorCode.BAD_USER_INPUT,
          'oneOf',
          `knownHistory[${badStage}].stage must be one of ${IMPORTED_STAGES.join(', ')}`,
        ),
      ]);
    }
    let steps: SeedStep[];
    try {
      steps = stepsOf(
        {
          ...recommendation,
          source: recommendation.source || (source?.title ?? recommendation.sourceId),
        },
        source?.themes ?? [],
        this.programmes.get(recommendation.programme ?? ''),
      );
    } catch (error) {
      // The seed plan refuses words it cannot read: a response's decision, a step's stage.
      const message = error instanceof Error ? error.message : String(error);
      const key = /decision/.test(message) && response ? 'response.decision' : 'knownHistory';
      return refuse([rowError(entry, key, ErrorCode.BAD_USER_INPUT, 'known', message)]);
    }
    // A CSV file's responseNote is the note, as written (the seed plan prefixes the decision).
    if (entry.responseNote !== undefined) {
      for (const step of steps) {
        if (step.command.kind === 'RecordGovernmentResponse')
          step.command.note = entry.responseNote;
      }
    }
    const invalid = steps.flatMap((step) => {
      const { command } = step;
      if (command.kind === 'ProposeRecommendation') {
        return inputErrors(entry, '', Object.assign(new ProposeRecommendationInput(), command));
      }
      if (command.kind === 'RecordGovernmentResponse') {
        const input = Object.assign(new RecordGovernmentResponseInput(), command);
        return inputErrors(entry, 'response.', input);
      }
      return [];
    });
    if (invalid.length > 0) return refuse(invalid);
    const streamId = recommendationStream(recommendation.id);
    const stored = await this.store.readStream(streamId);
    let state = foldStored(stored);
    const version = stored.length;
    const events: NewEvent[] = [];
    const outcomes = { recommendation: 'UNCHANGED', response: 'UNCHANGED' } as Record<
      'recommendation' | 'response',
      RegisterRowOutcome
    >;
    const errors: RegisterRowError[] = [];
    for (const step of steps) {
      const { command } = step;
      const part = command.kind === 'RecordGovernmentResponse' ? 'response' : 'recommendation';
      const prefix =
        command.kind === 'ProposeRecommendation'
          ? ''
          : command.kind === 'RecordGovernmentResponse'
            ? 'response.'
            : `step.${STEPS[command.kind]?.stage}.`;
      const same = state ? sameAsRecorded(step, state, stored) : null;
      if (same === true) continue;
      if (same) {
        errors.push(
          rowError(
            entry,
            `${prefix}${same.field}`,
            ErrorCode.ALREADY_EXISTS,
            'sameAsRecorded',
            same.message,
          ),
        );
        outcomes[part] = 'ERROR';
        break;
      }
      try {
        const decided = decide(command, state, {
          occurredAt: startOfBusinessDay(step.on),
          reason: step.reason,
          now: run.now,
          isKnownArea: (code) => this.areas.has(code),
          source,
        });
        const evidence =
          command.kind === 'ProposeRecommendation' && entry.evidenceUrl ? [entry.evidenceUrl] : [];
        const context = {
          commandId: `import:${step.commandId}`,
          on: step.on,
          reason: `${step.reason} (imported from ${entry.file}, row ${entry.row})`,
          evidence,
        };
        for (const event of decided) {
          events.push(this.newEvent(run, event, context));
          state = evolve(state, {
            event,
            occurredAt: startOfBusinessDay(step.on),
            reason: step.reason,
          });
        }
        outcomes[part] = 'RECORD';
      } catch (error) {
        errors.push(errorOf(error, entry, prefix));
        outcomes[part] = 'ERROR';
        break;
      }
    }
    if (errors.length > 0) {
      errors.forEach((error) => run.fail(error));
      run.detail({
        ...detail,
        outcome: outcomes.recommendation === 'ERROR' ? 'ERROR' : outcomes.recommendation,
      });
      if (response)
        run.detail({
          ...responseDetail,
          outcome: outcomes.response === 'ERROR' ? 'ERROR' : outcomes.response,
        });
      return;
    }
    if (events.length > 0) {
      run.add(streamId, version, events);
      run.toRecord++;
    } else run.unchanged++;
    run.detail({ ...detail, outcome: outcomes.recommendation });
    if (response) run.detail({ ...responseDetail, outcome: outcomes.response });
  }

  /** A source as the import leaves it: the file's own, else the store's (looked up once). */
  private async source(run: ImportRun, id: string): Promise<SourceOfRecommendations | null> {
    if (!run.sources.has(id)) run.sources.set(id, await this.catalogue.find(id));
    return run.sources.get(id) ?? null;
  }

  /** The refusal of a row repeating an id of an earlier row of the import, or null. */
  private repeated(
    run: ImportRun,
    key: string,
    entry: RegisterEntry,
    what: string,
  ): RegisterRowError | null {
    const earlier = run.seen.get(key);
    if (!earlier) {
      run.seen.set(key, { file: entry.file, row: entry.row });
      return null;
    }
    const where =
      earlier.file === entry.file ? `row ${earlier.row}` : `row ${earlier.row} of ${earlier.file}`;
    return rowError(
      entry,
      'id',
      ErrorCode.BAD_USER_INPUT,
      'uniqueId',
      `The ${what} ${key.slice(key.indexOf(':') + 1)} is already on ${where}; list each ${what} once`,
    );
  }

  private newEvent(
    run: ImportRun,
    event: { type: string; data: object },
    step: { commandId: string; on: string; reason: string; evidence: string[] },
  ): NewEvent {
    const context: CommandContext = {
      actor: run.actor,
      commandId: step.commandId,
      correlationId: run.options.correlationId,
      causationId: null,
      occurredAt: startOfBusinessDay(step.on),
      reason: step.reason,
      evidence: step.evidence,
      expectedVersion: null,
      request: null,
    };
    return {
      type: event.type,
      data: { ...(event.data as Record<string, unknown>) },
      metadata: metadataOf(context) as unknown as Record<string, unknown>,
    };
  }

  /** Every stream's new events at the versions read, in one atomic append. */
  private async write(run: ImportRun): Promise<void> {
    const appends: StreamAppend[] = [...run.pending].map(([streamId, pending]) => ({
      streamId,
      events: pending.events,
      expectedVersion: pending.version === 0 ? 'no_stream' : pending.version,
    }));
    if (appends.length === 0) return;
    const results = await this.store.appendMany(appends);
    const last = Math.max(...results.map((result) => result.position));
    // Read your writes: lists include the import once the caller hears back.
    await Promise.all([this.recommendations.waitFor(last), this.sourcesReadModel.waitFor(last)]);
  }
}

/** The bytes of a file, refused once the import's files pass the limit together. */
async function bytesOf(
  content: RegisterFile['content'],
  budget: number,
  limitBytes: number,
): Promise<Buffer> {
  if (typeof content === 'string' || Buffer.isBuffer(content)) {
    const bytes = Buffer.from(content);
    if (bytes.length > budget) throw fileTooLarge(limitBytes);
    return bytes;
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of content) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    length += bytes.length;
    if (length > budget) throw fileTooLarge(limitBytes);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** Read this much of a file between turns given to other requests. */
const SLICE_BYTES = 64 * 1024;
/**
 * Largest JSON file read: JSON is parsed whole, in one turn (JSON.parse), so it is held to the
 * size of a large register rather than to IMPORT_LIMIT_BYTES.
 */
export const MAX_JSON_BYTES = 4 * 1024 * 1024;

async function* slices(bytes: Buffer, pace: () => Promise<void>): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length || at === 0; at += SLICE_BYTES) {
    yield bytes.subarray(at, at + SLICE_BYTES);
    await pace();
  }
}

async function* paced(chunks: string[], pace: () => Promise<void>): AsyncGenerator<string> {
  for (const chunk of chunks) {
    yield chunk;
    await pace();
  }
}

/** A file read by what it is: JSON when it starts with `{` or `[`, else CSV told by its header. */
async function readFile(
  name: string,
  bytes: Buffer,
  pace: () => Promise<void>,
): Promise<RegisterFileRead> {
  const read: RegisterFileRead = { name, kind: null, entries: [], errors: [] };
  const fileError = (
    line: number,
    rule: string,
    message: string,
    code = ErrorCode.BAD_USER_INPUT,
  ) =>
    read.errors.push({ file: name, row: 0, line, column: null, field: null, code, rule, message });
  let reader: ReturnType<typeof csvRegisterReader> | null = null;
  try {
    const text: string[] = [];
    for await (const chunk of csvText(slices(bytes, pace))) text.push(chunk);
    if (/^\s*[[{]/.test(text.find((chunk) => chunk.trim() !== '') ?? '')) {
      if (bytes.length > MAX_JSON_BYTES) {
        fileError(
          1,
          'jsonSize',
          `The JSON file is larger than ${MAX_JSON_BYTES} bytes (about 10,000 recommendations); split it, or send CSV`,
          ErrorCode.PAYLOAD_TOO_LARGE,
        );
        return read;
      }
      return readRegisterJson(name, text.join(''));
    }
    for await (const record of csvRecords(paced(text, pace))) {
      if (!reader) {
        const kind = csvFileKind(record);
        if (!kind) {
          fileError(record.line, 'header', UNKNOWN_CSV_KIND);
          return read;
        }
        reader = csvRegisterReader(name, record, kind);
        read.kind = kind;
        read.errors.push(...reader.errors);
        if (reader.errors.length > 0) return read;
        continue;
      }
      read.entries.push(reader.entry(record));
    }
    if (!reader) fileError(1, 'header', `The file is empty. ${UNKNOWN_CSV_KIND}`);
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    read.errors.push({
      file: name,
      row: reader ? read.entries.length + 1 : 0,
      line: error.line,
      column: null,
      field: error.column,
      code: error.code,
      rule: error.rule,
      message: error.message,
    });
  }
  return read;
}

/** A row's outcome but the outcome: its text as read, no longer than a valid one. */
const detailOf = (
  entry: RegisterEntry,
  kind: RegisterRowKind,
  { id, title }: { id?: unknown; title?: unknown },
): Omit<RegisterRowDetail, 'outcome'> => ({
  file: entry.file,
  row: entry.row,
  line: entry.line,
  kind,
  id: typeof id === 'string' ? id.slice(0, 100) : '',
  title: typeof title === 'string' ? title.slice(0, 300) : '',
});

/** Every date of a recommendation's entry the seed plan dates a command by. */
const datesOf = (
  recommendation: RecommendationEntry['recommendation'],
): { key: string; name: string; on: string }[] => [
  { key: 'occurredAt', name: 'proposedOn', on: recommendation.proposedOn },
  ...(recommendation.governmentResponse
    ? [
        {
          key: 'response.respondedOn',
          name: 'respondedOn',
          on: recommendation.governmentResponse.on,
        },
      ]
    : []),
  ...(recommendation.knownHistory ?? []).map((known, index) => ({
    key: `knownHistory.${index}.on`,
    name: `knownHistory[${index}].on`,
    on: known.on,
  })),
];

/** By file, then row (a stable sort: a row's lines stay in the order found). */
const inFileOrder = <Row extends { file: string; row: number }>(
  files: RegisterFileRead[],
  rows: Row[],
): Row[] => {
  const order = (name: string): number => files.findIndex((file) => file.name === name);
  return [...rows].sort((a, b) => order(a.file) - order(b.file) || a.row - b.row);
};

/** The mutation's input validation (class-validator), as refusals of the row's fields. */
function inputErrors(entry: RegisterEntry, prefix: string, input: object): RegisterRowError[] {
  return validateSync(input)
    .flatMap((error) =>
      Object.entries(error.constraints ?? {})
        .slice(0, 1)
        .map(([rule, message]) =>
          rowError(entry, `${prefix}${error.property}`, ErrorCode.BAD_USER_INPUT, rule, message),
        ),
    )
    .sort((a, b) => (a.column ?? Infinity) - (b.column ?? Infinity) || a.line - b.line);
}

/** A decider's refusal, at the field it names. */
function errorOf(error: unknown, entry: RegisterEntry, prefix: string): RegisterRowError {
  if (!(error instanceof DomainError)) throw error;
  const { field, rule } = error.details as { field?: unknown; rule?: unknown };
  return rowError(
    entry,
    typeof field === 'string' ? `${prefix}${field}` : null,
    error.code,
    typeof rule === 'string' ? rule : undefined,
    error.message,
  );
}

/** What differs between a recorded source and a row's, in words. */
function sourceDifferences(
  stored: SourceDetails,
  given: SourceDetails,
): { field: string; words: string }[] {
  const fields: (keyof SourceDetails)[] = [
    'kind',
    'title',
    'publisher',
    'publishedOn',
    'url',
    'themes',
  ];
  return fields
    .filter((field) => JSON.stringify(stored[field]) !== JSON.stringify(given[field] ?? null))
    .map((field) => ({
      field,
      words: `${field} is ${shown(stored[field])} in the register, ${shown(given[field])} in the file`,
    }));
}

const shown = (value: string | readonly string[] | null | undefined): string =>
  value === null || value === undefined
    ? 'empty'
    : `"${(typeof value === 'string' ? value : value.join('; ')).slice(0, 120)}"`;

/**
 * Whether a recommendation's record already has a step of the file: true when it has it as
 * the file says; a difference (the field and what to do) when it has it otherwise; null when
 * it does not have it.
 */
function sameAsRecorded(
  step: SeedStep,
  state: RecommendationState,
  stored: readonly RecordedEvent[],
): true | { field: string; message: string } | null {
  const { command } = step;
  const history = stored.map(toHistoryEntry);
  if (command.kind === 'ProposeRecommendation') {
    const given = {
      title: command.title,
      sourceId: command.sourceId,
      theme: command.theme,
      occurredAt: step.on,
    };
    const recorded = {
      title: state.title,
      sourceId: state.sourceId,
      theme: state.theme,
      occurredAt: isoDate(new Date(state.proposedAt)),
    };
    const differs = (Object.keys(given) as (keyof typeof given)[]).filter(
      (field) => given[field] !== recorded[field],
    );
    if (differs.length === 0) return true;
    return {
      field: differs[0],
      message: `Recommendation ${state.id} is already recorded with other details (${differs
        .map(
          (field) =>
            `${field === 'occurredAt' ? 'proposedOn' : field} is ${shown(recorded[field])} in the register, ${shown(given[field])} in the file`,
        )
        .join(
          '; ',
        )}); a recommendation's proposal is not changed once recorded: leave the row out, or give a new recommendation a new id`,
    };
  }
  if (command.kind === 'RecordGovernmentResponse') {
    const same = history.find(
      (entry) =>
        entry.event.type === 'RecommendationResponseRecorded' &&
        entry.event.data.respondedOn === command.respondedOn,
    );
    if (!same || same.event.type !== 'RecommendationResponseRecorded') return null;
    const recorded = same.event.data;
    const differs = (['decision', 'evidenceUrl', 'note'] as const).filter(
      (field) => recorded[field] !== command[field],
    );
    if (differs.length === 0) return true;
    return {
      field: differs[0],
      message: `Recommendation ${state.id} already has a response dated ${command.respondedOn} with other details (${differs
        .map(
          (field) =>
            `${field} is ${shown(recorded[field])} in the register, ${shown(command[field])} in the file`,
        )
        .join(
          '; ',
        )}); record a later response with the recordGovernmentResponse mutation (the latest supersedes), or leave the response out`,
    };
  }
  const recorded = history.find((entry) => entry.event.type === STEPS[command.kind]?.event);
  if (!recorded) return null;
  const on = isoDate(new Date(recorded.occurredAt));
  if (on === step.on) return true;
  return {
    field: 'occurredAt',
    message: `Recommendation ${state.id} already took this step on ${on}, not ${step.on}; a step is not changed once recorded: leave it out of the file`,
  };
}
