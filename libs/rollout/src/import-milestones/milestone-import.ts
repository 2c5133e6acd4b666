import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'crypto';
import { AreaSuccessions, LocalAuthorityRegister, Succession } from '@app/areas';
import {
  EVENT_STORE,
  EventStore,
  NewEvent,
  StreamAppend,
  WrongExpectedVersionError,
} from '@app/event-store';
import {
  Actor,
  assertText,
  Clock,
  commandContextOf,
  DomainError,
  ErrorCode,
  metadataOf,
  notFound,
  isoDate,
  startOfBusinessDay,
  turnTaker,
} from '@app/kernel';
import {
  CsvFileError,
  type CsvRecord,
  csvRecords,
  importRefusalMessage,
  Metrics,
  type RowError,
} from '@app/platform';
import { AreaRollouts } from '../area-rollouts/area-rollouts';
import {
  areaDecisionContext,
  AreaDecisionContext,
  AreaEnrolled,
  AreaRolloutEvent,
  AreaRolloutState,
  areaRolloutStream,
  decideAreaRollout,
  evolveAreaRollout,
  Inheritance,
  inheritanceOf,
  MilestoneAchieved,
} from '../domain/area-rollout';
import { authorize } from '../domain/policy';
import { programmeStream, ProgrammeState } from '../domain/programme';
import { foldProgramme } from '../domain/recorded';
import { RolloutReadModel } from '../read-model/rollout.read-model';
import { rowOutcomes } from './import-metrics';
import {
  fieldOf,
  MilestoneColumn,
  MilestoneColumns,
  MilestoneRow,
  NOTE_RULE,
  readMilestoneHeader,
  readMilestoneRow,
  URL_RULE,
} from './milestone-csv';

/** Most errors (and, in a dry run, row outcomes) listed; the counts cover every row read. */
export const MAX_LISTED = 1000;
/**
 * Checking stops at the row that brings the errors to this many: the rest of the file is not
 * read, so a file of made-up rows costs what its first 1,000 errors cost, not what its length
 * does. The caller fixes these and sends the file again.
 */
export const MAX_ERRORS = 1000;
/** Unknown programme ids remembered, so a file of made-up ids cannot grow the cache. */
const MAX_UNKNOWN_PROGRAMMES = 100;
const PROGRESS_EVERY_ROWS = 1000;
/** The file's name goes into every event's reason: one line, as long as file systems allow. */
const FILE_NAME_RULE = { maxLength: 255 };

export interface MilestoneImportOptions {
  /** The programme of rows without a programmeId column (or with it empty). */
  programmeId?: string | null;
  dryRun: boolean;
  /** The file's name, for the reason recorded on each event ("CSV upload" without one). */
  source?: string | null;
  correlationId: string;
  /** Called every 1,000 rows read, and at the end. */
  onProgress?: (rowsRead: number) => void;
}

export type RowOutcome = 'RECORD' | 'UNCHANGED' | 'ERROR';

export interface RowDetail {
  row: number;
  line: number;
  programmeId: string | null;
  areaCode: string;
  milestoneKey: string;
  achievedOn: string;
  /** The text the row would record, as read: a person sees it before it becomes permanent. */
  evidenceUrl: string | null;
  note: string | null;
  outcome: RowOutcome;
}

export interface MilestoneImportResult {
  /** The programmes the file's valid rows report for. */
  programmeIds: string[];
  dryRun: boolean;
  /** Data rows read (the header, row 0, is not counted). */
  rows: number;
  /** Rows recording a new milestone (in a dry run: that would). */
  toRecord: number;
  /**
   * Milestones written: toRecord after a real run; 0 after a dry run or a refusal. (A
   * successor's first report also writes the enrolment it inherits, not counted here.)
   */
  recorded: number;
  /** Rows already recorded with that date, or repeating an earlier row of the file. */
  unchanged: number;
  errorCount: number;
  /** The first 1,000 errors, in row order; any error refuses the whole file. */
  errors: RowError[];
  /** Checking stopped at MAX_ERRORS errors: the rows after `rows` were not read. */
  stoppedEarly: boolean;
  /** Dry run only: the outcome of each of the first 1,000 rows. */
  rowsDetail?: RowDetail[];
}

/** The file's word that a milestone was achieved in an area on a date: its first row saying so. */
interface Claim {
  row: number;
  line: number;
  achievedOn: string;
  note: string | null;
  evidenceUrl: string | null;
  /** The event it records, or null when the store already has it. */
  event: MilestoneAchieved | null;
}

/** One area's rollout of one programme as the import sees it: bounded by milestones, not rows. */
interface AreaSlot {
  streamId: string;
  programmeId: string;
  areaCode: string;
  /** The stream's version when read: the expected version of the append. */
  version: number;
  /** As stored, then as the file's rows so far leave it. */
  state: AreaRolloutState | null;
  /** The enrolment a successor carries on from the area it replaced, if any. */
  inheritance: Inheritance | null;
  /** Its record, written before the milestones when the file is the successor's first report. */
  inherited: AreaEnrolled | null;
  /** By milestone key, in row order. */
  claims: Map<string, Claim>;
}

/** What one import holds while it reads: per programme and area, never per row. */
class ImportRun {
  readonly programmes = new Map<string, ProgrammeState | null>();
  readonly slots = new Map<string, AreaSlot>();
  readonly errors: RowError[] = [];
  readonly details: RowDetail[] = [];
  rows = 0;
  errorCount = 0;
  /** Awaited between units of work, so other requests are served while a large file runs. */
  readonly pace = turnTaker();
  private badRows = 0;
  private lastBadRow = -1;

  constructor(
    readonly actor: Actor,
    readonly options: MilestoneImportOptions,
    /** The instant the import started: rows are decided, and written, as of it. */
    readonly now: Date,
    readonly successions: ReadonlyMap<string, Succession>,
  ) {}

  fail(error: RowError): void {
    this.errorCount++;
    if (this.errors.length < MAX_LISTED) this.errors.push(error);
    // Data rows only: the header (row 0) and an unreadable tail are not rows read.
    if (error.row >= 1 && error.row <= this.rows && error.row !== this.lastBadRow) this.badRows++;
    this.lastBadRow = error.row;
  }

  detail(row: Omit<RowDetail, 'outcome'>, outcome: RowOutcome): void {
    if (this.options.dryRun && this.details.length < MAX_LISTED) {
      this.details.push({ ...row, outcome });
    }
  }

  get stopped(): boolean {
    return this.errorCount >= MAX_ERRORS;
  }

  get toRecord(): number {
    let count = 0;
    for (const slot of this.slots.values()) {
      for (const claim of slot.claims.values()) if (claim.event) count++;
    }
    return count;
  }

  result(recorded: number): MilestoneImportResult {
    const toRecord = this.toRecord;
    const programmeIds = [...this.slots.values()]
      .filter((slot) => slot.claims.size > 0)
      .map((slot) => slot.programmeId);
    return {
      programmeIds: [...new Set(programmeIds)].sort(),
      dryRun: this.options.dryRun,
      rows: this.rows,
      toRecord,
      recorded,
      unchanged: this.rows - this.badRows - toRecord,
      errorCount: this.errorCount,
      errors: this.errors,
      stoppedEarly: this.stopped,
      ...(this.options.dryRun ? { rowsDetail: this.details } : {}),
    };
  }
}

/**
 * Bulk milestone reports from CSV (the part 6): a file streams through row by row, each
 * row checked and decided as `reportMilestone` is (authorize, decideAreaRollout) against its
 * area's stream, read once. A dry run only reports; a real run writes every new milestone in one
 * atomic multi-stream append, or nothing at all when any row is refused. Checking stops after
 * MAX_ERRORS errors. Every phase takes turns with other requests (run.pace), and the append
 * is paced by the store (see SqliteEventStore), so a large file never holds the event loop.
 */
@Injectable()
export class MilestoneImport {
  private readonly logger = new Logger('Rollout');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly areas: LocalAuthorityRegister,
    private readonly successions: AreaSuccessions,
    private readonly readModel: RolloutReadModel,
    private readonly rollouts: AreaRollouts,
    /** The app's; an import made outside one counts in a registry of its own. */
    private readonly metrics: Metrics = new Metrics(),
  ) {}

  async run(
    input: AsyncIterable<Buffer | string>,
    actor: Actor,
    options: MilestoneImportOptions,
  ): Promise<MilestoneImportResult> {
    if (options.source) assertText('filename', options.source, FILE_NAME_RULE);
    const run = new ImportRun(actor, options, this.clock.now(), await this.successions.current());
    // A programme named by the caller is checked before a byte of the file is read.
    if (options.programmeId && !(await this.programme(run, options.programmeId))) {
      throw notFound('Programme', options.programmeId);
    }
    await this.read(input, run);
    options.onProgress?.(run.rows);
    const recorded = options.dryRun || run.errorCount > 0 ? 0 : await this.write(run);
    const result = run.result(recorded);
    for (const [outcome, rows] of rowOutcomes(result))
      this.metrics.importRows.inc({ outcome }, rows);
    this.logger.log({
      msg: options.dryRun ? 'milestone import checked' : 'milestone import run',
      rows: result.rows,
      recorded: result.recorded,
      errorCount: result.errorCount,
      programmes: result.programmeIds,
      actor: actor.id,
      correlationId: options.correlationId,
    });
    return result;
  }

  private async read(input: AsyncIterable<Buffer | string>, run: ImportRun): Promise<void> {
    let columns: MilestoneColumns | null = null;
    try {
      for await (const record of csvRecords(input)) {
        if (!columns) {
          columns = this.header(record, run);
          if (!columns) return;
          continue;
        }
        run.rows++;
        const read = readMilestoneRow(record, columns);
        if (read.row) await this.decideRow(read.row, run);
        else {
          read.errors.forEach((error) => run.fail(error));
          const field = (column: MilestoneColumn): string => fieldOf(record, columns!, column);
          run.detail(
            {
              row: record.row,
              line: record.line,
              programmeId: field('programmeId') || null,
              areaCode: field('areaCode'),
              milestoneKey: field('milestoneKey'),
              achievedOn: field('achievedOn'),
              // As read, but no longer than a valid one: the answer stays bounded.
              evidenceUrl: field('evidenceUrl').slice(0, URL_RULE.maxLength) || null,
              note: field('note').slice(0, NOTE_RULE.maxLength) || null,
            },
            'ERROR',
          );
        }
        if (run.rows % PROGRESS_EVERY_ROWS === 0) run.options.onProgress?.(run.rows);
        if (run.stopped) return;
        await run.pace();
      }
    } catch (error) {
      if (!(error instanceof CsvFileError)) throw error;
      run.fail({
        row: columns ? run.rows + 1 : 0,
        line: error.line,
        column: error.column,
        code: error.code,
        rule: error.rule,
        message: error.message,
      });
      return;
    }
    if (!columns) {
      run.fail({
        row: 0,
        line: 1,
        column: null,
        code: ErrorCode.BAD_USER_INPUT,
        rule: 'header',
        message:
          'The file is empty; its first row must be the header areaCode,milestoneKey,achievedOn,evidenceUrl,note',
      });
    }
  }

  /** The header's columns, or null (with the errors noted) when the file cannot be read by it. */
  private header(record: CsvRecord, run: ImportRun): MilestoneColumns | null {
    const { columns, errors } = readMilestoneHeader(record);
    errors.forEach((error) => run.fail(error));
    if (errors.length === 0 && !run.options.programmeId && !columns.has('programmeId')) {
      run.fail({
        row: 0,
        line: record.line,
        column: 'programmeId',
        code: ErrorCode.BAD_USER_INPUT,
        rule: 'required',
        message:
          'Name the programme: as a query parameter (programme=ID) or in a programmeId column',
      });
    }
    return run.errorCount === 0 ? columns : null;
  }

  /** Decides one row as reportMilestone decides, against its area as the file leaves it. */
  private async decideRow(row: MilestoneRow, run: ImportRun): Promise<void> {
    const given = run.options.programmeId ?? null;
    const programmeId = row.programmeId ?? given;
    const { areaCode, milestoneKey, achievedOn, evidenceUrl, note } = row;
    const detail = {
      row: row.row,
      line: row.line,
      programmeId,
      areaCode,
      milestoneKey,
      achievedOn,
      evidenceUrl,
      note,
    };
    const refuse = (error: unknown): void => {
      run.fail(rowErrorOf(error, row));
      run.detail(detail, 'ERROR');
    };
    if (!programmeId) {
      return refuse(
        new DomainError(ErrorCode.BAD_USER_INPUT, 'programmeId is required', {
          field: 'programmeId',
          rule: 'required',
        }),
      );
    }
    if (given && programmeId !== given) {
      return refuse(
        new DomainError(
          ErrorCode.BAD_USER_INPUT,
          `programmeId ${programmeId} differs from the programme ${given} the import is for`,
          { field: 'programmeId', rule: 'matchesQuery' },
        ),
      );
    }
    const report = { kind: 'ReportMilestone', milestoneKey, achievedOn, note } as const;
    // Who may report for the area comes first, as on reportMilestone: its stream is not read.
    try {
      authorize(run.actor, { ...report, areaCode });
    } catch (error) {
      return refuse(error);
    }
    const programme = await this.programme(run, programmeId);
    const slot =
      programme && this.areas.has(areaCode) ? await this.slot(run, programmeId, areaCode) : null;
    const earlier = slot?.claims.get(milestoneKey);
    try {
      const decided = decideAreaRollout(
        report,
        slot?.state ?? null,
        this.context(run, programmeId, areaCode, programme, achievedOn, slot?.inheritance ?? null),
      );
      const event = achievementIn(decided);
      // Decided, so the area is enrolled and has a slot. A row the store already has is kept
      // as a claim too (event null), so a retry after a lost race checks it again.
      const claimed = slot!;
      if (!earlier) {
        const { row: number, line } = row;
        claimed.claims.set(milestoneKey, {
          row: number,
          line,
          achievedOn,
          note,
          evidenceUrl,
          event: event ?? null,
        });
      }
      recordDecision(claimed, decided);
      run.detail(detail, event ? 'RECORD' : 'UNCHANGED');
    } catch (error) {
      // The conflict is with an earlier row of this file, not with what is stored: say so.
      if (earlier && error instanceof DomainError && error.code === ErrorCode.ALREADY_EXISTS) {
        return refuse(
          new DomainError(
            ErrorCode.BAD_USER_INPUT,
            `Row ${earlier.row} reports ${milestoneKey} for ${areaCode} achieved on ${earlier.achievedOn}; a milestone is achieved once`,
            { field: 'achievedOn', rule: 'consistentWithinFile', row: earlier.row },
          ),
        );
      }
      refuse(error);
    }
  }

  /** Appends every new milestone at the versions read; a lost race is decided again once. */
  private async write(run: ImportRun): Promise<number> {
    const now = this.clock.now();
    for (let attempt = 1; ; attempt++) {
      const appends = await this.appendsOf(run, now);
      if (appends.length === 0) return 0;
      try {
        const results = await this.store.appendMany(appends);
        const last = Math.max(...results.map((result) => result.position));
        // Read your writes: roll-ups include the import once the caller hears back.
        await this.readModel.waitFor(last, appends[0].streamId);
        return appends.reduce(
          (count, { events }) =>
            count + events.filter((event) => event.type === 'MilestoneAchieved').length,
          0,
        );
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt > 1) throw error;
        await this.decideAgain(run);
        if (run.errorCount > 0) return 0;
      }
    }
  }

  private async appendsOf(run: ImportRun, now: Date): Promise<StreamAppend[]> {
    const source = run.options.source?.trim() || 'CSV upload';
    const appends: StreamAppend[] = [];
    for (const slot of run.slots.values()) {
      const recorded = [...slot.claims.values()].filter(
        (claim): claim is Claim & { event: MilestoneAchieved } => claim.event !== null,
      );
      const events: NewEvent[] = recorded.flatMap(({ event, ...claim }, index) => {
        // A successor's inherited enrolment goes first, with its first new milestone's row.
        const inherited = index === 0 && slot.inherited ? [slot.inherited] : [];
        const context = commandContextOf(
          {
            commandId: importCommandId(slot.programmeId, slot.areaCode, event.data),
            occurredAt: startOfBusinessDay(claim.achievedOn),
            reason: `Imported from ${source}, row ${claim.row}`,
            evidence: claim.evidenceUrl ? [claim.evidenceUrl] : [],
          },
          run.actor,
          run.options.correlationId,
          now,
        );
        const metadata = metadataOf(context) as unknown as Record<string, unknown>;
        return [...inherited, event].map(({ type, data }) => ({
          type,
          data: { ...data },
          metadata,
        }));
      });
      if (events.length > 0) {
        appends.push({ streamId: slot.streamId, events, expectedVersion: slot.version });
      }
      await run.pace();
    }
    return appends;
  }

  /** Someone wrote to an area meanwhile: decide the file's claims again on what is stored now. */
  private async decideAgain(run: ImportRun): Promise<void> {
    for (const slot of run.slots.values()) {
      if (slot.claims.size === 0) continue;
      await run.pace();
      const fresh = await this.readSlot(run, slot.programmeId, slot.areaCode);
      const { version, state, inheritance } = fresh;
      Object.assign(slot, { version, state, inheritance, inherited: null });
      const programme = run.programmes.get(slot.programmeId) ?? null;
      for (const [milestoneKey, claim] of slot.claims) {
        const { achievedOn, note } = claim;
        try {
          const decided = decideAreaRollout(
            { kind: 'ReportMilestone', milestoneKey, achievedOn, note },
            slot.state,
            this.context(
              run,
              slot.programmeId,
              slot.areaCode,
              programme,
              achievedOn,
              slot.inheritance,
            ),
          );
          claim.event = achievementIn(decided);
          recordDecision(slot, decided);
        } catch (error) {
          run.fail(rowErrorOf(error, claim));
        }
      }
    }
  }

  private context(
    run: ImportRun,
    programmeId: string,
    areaCode: string,
    programme: ProgrammeState | null,
    achievedOn: string,
    inheritance: Inheritance | null,
  ): AreaDecisionContext {
    return areaDecisionContext(this.areas, {
      reason: null,
      occurredAt: startOfBusinessDay(achievedOn),
      now: run.now,
      programmeId,
      areaCode,
      programme,
      succession: run.successions.get(areaCode) ?? null,
      inheritance,
    });
  }

  private async programme(run: ImportRun, id: string): Promise<ProgrammeState | null> {
    if (run.programmes.has(id)) return run.programmes.get(id) ?? null;
    const programme = foldProgramme(await this.store.readStream(programmeStream(id)));
    const unknown = [...run.programmes.values()].filter((known) => !known).length;
    if (programme || unknown < MAX_UNKNOWN_PROGRAMMES) run.programmes.set(id, programme);
    return programme;
  }

  private async slot(run: ImportRun, programmeId: string, areaCode: string): Promise<AreaSlot> {
    const streamId = areaRolloutStream(programmeId, areaCode);
    let slot = run.slots.get(streamId);
    if (!slot) {
      slot = await this.readSlot(run, programmeId, areaCode);
      run.slots.set(streamId, slot);
    }
    return slot;
  }

  private async readSlot(run: ImportRun, programmeId: string, areaCode: string): Promise<AreaSlot> {
    const { state, version } = await this.rollouts.read(programmeId, areaCode);
    const formers = await this.rollouts.formersOf(programmeId, areaCode, run.successions);
    const inheritance = inheritanceOf(
      areaCode,
      run.successions,
      (former) => formers.get(former) ?? null,
      isoDate(run.now),
    );
    return {
      streamId: areaRolloutStream(programmeId, areaCode),
      programmeId,
      areaCode,
      version,
      state,
      inheritance,
      inherited: null,
      claims: new Map(),
    };
  }
}

/** The new milestone a row's decision records, if any (after an inherited enrolment). */
const achievementIn = (decided: AreaRolloutEvent[]): MilestoneAchieved | null =>
  decided.find((event): event is MilestoneAchieved => event.type === 'MilestoneAchieved') ?? null;

/** The slot as a row's decision leaves it: the events folded in, an inherited enrolment kept. */
function recordDecision(slot: AreaSlot, decided: AreaRolloutEvent[]): void {
  for (const event of decided) {
    if (event.type === 'AreaEnrolled') slot.inherited = event;
    slot.state = evolveAreaRollout(slot.state, { event, evidence: [] }, slot);
  }
}

/** Why a file was refused, for people: when checking stopped early, what to do next. */
export const refusalMessage = (result: MilestoneImportResult): string =>
  importRefusalMessage(result, MAX_ERRORS);

/**
 * The same milestone of the same area on the same date always gets the same command id, so
 * the history shows an imported fact once however often the file is sent.
 */
export const importCommandId = (
  programmeId: string,
  areaCode: string,
  { milestoneKey, achievedOn }: { milestoneKey: string; achievedOn: string },
): string =>
  `import:${createHash('sha256').update([programmeId, areaCode, milestoneKey, achievedOn].join('|')).digest('hex')}`;

/** A refusal of one row, named by the column the rule is about. */
function rowErrorOf(error: unknown, row: { row: number; line: number }): RowError {
  if (!(error instanceof DomainError)) throw error;
  const { field, rule } = error.details as { field?: unknown; rule?: unknown };
  return {
    row: row.row,
    line: row.line,
    column: typeof field === 'string' ? field : null,
    code: error.code,
    ...(typeof rule === 'string' ? { rule } : {}),
    message: error.message,
  };
}
