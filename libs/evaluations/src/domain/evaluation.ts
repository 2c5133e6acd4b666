import {
  assertNotInFuture,
  DomainError,
  ErrorCode,
  InvalidInputError,
  isWebAddress,
  textProblem,
} from '@app/kernel';

/** What an evaluation is about: a programme or a recommendation, by id. */
export enum EvaluationSubjectKind {
  PROGRAMME = 'PROGRAMME',
  RECOMMENDATION = 'RECOMMENDATION',
}

/** What the evaluation found, in the evaluators' own broad terms. */
export enum Finding {
  POSITIVE = 'POSITIVE',
  NO_EFFECT = 'NO_EFFECT',
  NEGATIVE = 'NEGATIVE',
  MIXED = 'MIXED',
}

/** A finding in words, for pages and downloads. */
export const FINDING_WORDS: Record<Finding, string> = {
  [Finding.POSITIVE]: 'Positive',
  [Finding.NO_EFFECT]: 'No effect',
  [Finding.NEGATIVE]: 'Negative',
  [Finding.MIXED]: 'Mixed',
};

export interface EvaluationSubject {
  kind: EvaluationSubjectKind;
  id: string;
}

/** The facts of a published evaluation that a correction may change. */
export interface EvaluationDetails {
  /** When it was published (YYYY-MM-DD): the fact's business date. */
  publishedOn: string;
  evaluator: string;
  finding: Finding;
  url: string;
  summary: string;
}

export interface EvaluationPublished {
  type: 'EvaluationPublished';
  data: { id: string; subject: EvaluationSubject } & EvaluationDetails;
}

/** Only the fields that changed. */
export interface EvaluationCorrected {
  type: 'EvaluationCorrected';
  data: Partial<EvaluationDetails>;
}

export type EvaluationEvent = EvaluationPublished | EvaluationCorrected;

/** Every type of event in an evaluation's stream (webhooks offer these to choose from). */
export const EVALUATION_EVENT_TYPES: readonly string[] = Object.keys({
  EvaluationPublished: true,
  EvaluationCorrected: true,
} satisfies Record<EvaluationEvent['type'], true>);

export interface Evaluation extends EvaluationDetails {
  id: string;
  subject: EvaluationSubject;
  version: number;
}

export const EVALUATION_STREAM_PREFIX = 'evaluation-';
export const evaluationStream = (id: string): string => `${EVALUATION_STREAM_PREFIX}${id}`;

export const EVALUATOR_MAX_LENGTH = 200;
export const SUMMARY_MAX_LENGTH = 600;
export const URL_MAX_LENGTH = 2048;

export type EvaluationCommand =
  | ({ kind: 'RecordEvaluation'; id: string; subject: EvaluationSubject } & EvaluationDetails)
  | { kind: 'CorrectEvaluation'; id: string; changes: Partial<EvaluationDetails> };

export interface EvaluationDecisionContext {
  /** When the command says its fact happened in the world (ISO 8601); not after now. */
  occurredAt: string;
  now: Date;
  /** England's date today: a publication is not in the future. */
  today: string;
  /** Whether the subject the evaluation is about exists (its stream has events). */
  subjectExists: boolean;
}

/** Decides which events a command produces on an evaluation, or refuses it. Pure. */
export function decideEvaluation(
  command: EvaluationCommand,
  state: Evaluation | null,
  context: EvaluationDecisionContext,
): EvaluationEvent[] {
  if (command.kind === 'RecordEvaluation') {
    if (state) {
      throw new DomainError(ErrorCode.ALREADY_EXISTS, `Evaluation ${command.id} already exists`, {
        field: 'id',
        id: command.id,
      });
    }
    const { id, subject, publishedOn, evaluator, finding, url, summary } = command;
    const details = {
      publishedOn,
      evaluator: evaluator.trim(),
      finding,
      url,
      summary: summary.trim(),
    };
    assertDetails(details, context.today);
    if (!context.subjectExists) {
      const what =
        subject.kind === EvaluationSubjectKind.PROGRAMME ? 'Programme' : 'Recommendation';
      throw new DomainError(ErrorCode.NOT_FOUND, `${what} ${subject.id} was not found`, {
        field: 'subjectId',
        id: subject.id,
      });
    }
    assertNotInFuture(context.occurredAt, context.now);
    return [{ type: 'EvaluationPublished', data: { id, subject, ...details } }];
  }
  if (!state) {
    throw new DomainError(ErrorCode.NOT_FOUND, `Evaluation ${command.id} was not found`, {
      field: 'id',
      id: command.id,
    });
  }
  const given = trimmed(command.changes);
  assertDetails({ ...state, ...given }, context.today);
  const changed = Object.fromEntries(
    Object.entries(given).filter(
      ([field, value]) => value !== state[field as keyof EvaluationDetails],
    ),
  ) as Partial<EvaluationDetails>;
  if (Object.keys(changed).length === 0) {
    throw new InvalidInputError(
      'changes',
      'changesSomething',
      `A correction must change something: evaluation ${command.id} already says all that`,
    );
  }
  assertNotInFuture(context.occurredAt, context.now);
  return [{ type: 'EvaluationCorrected', data: changed }];
}

/** Folds one event into the evaluation. Events are facts: evolve never refuses them. */
export function evolveEvaluation(state: Evaluation | null, event: EvaluationEvent): Evaluation {
  if (event.type === 'EvaluationPublished') return { ...event.data, version: 1 };
  if (!state) throw new Error(`${event.type} cannot start an evaluation's stream`);
  return { ...state, ...event.data, version: state.version + 1 };
}

export function foldEvaluation(events: readonly EvaluationEvent[]): Evaluation | null {
  return events.reduce<Evaluation | null>(evolveEvaluation, null);
}

function trimmed(changes: Partial<EvaluationDetails>): Partial<EvaluationDetails> {
  const result: Partial<EvaluationDetails> = { ...changes };
  if (result.evaluator !== undefined) result.evaluator = result.evaluator.trim();
  if (result.summary !== undefined) result.summary = result.summary.trim();
  return Object.fromEntries(Object.entries(result).filter(([, value]) => value !== undefined));
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

function assertDetails(details: EvaluationDetails, today: string): void {
  const { publishedOn, evaluator, finding, url, summary } = details;
  if (!CALENDAR_DATE.test(publishedOn) || Number.isNaN(Date.parse(publishedOn))) {
    throw new InvalidInputError(
      'publishedOn',
      'calendarDate',
      `publishedOn must be a date such as 2023-03-30 (it is ${publishedOn})`,
    );
  }
  if (publishedOn > today) {
    throw new InvalidInputError(
      'publishedOn',
      'notInFuture',
      `publishedOn ${publishedOn} is in the future`,
    );
  }
  if (!Object.values(Finding).includes(finding)) {
    throw new InvalidInputError(
      'finding',
      'knownFinding',
      `finding must be one of ${Object.values(Finding).join(', ')}`,
    );
  }
  assertText('evaluator', evaluator, EVALUATOR_MAX_LENGTH, false);
  assertText('summary', summary, SUMMARY_MAX_LENGTH, true);
  if (!isWebAddress(url) || url.length > URL_MAX_LENGTH) {
    throw new InvalidInputError(
      'url',
      'webAddress',
      `url must be a full web address starting http:// or https:// (at most ${URL_MAX_LENGTH} characters)`,
    );
  }
}

function assertText(field: string, value: string, maxLength: number, multiline: boolean): void {
  if (!value) throw new InvalidInputError(field, 'required', `${field} must not be empty`);
  const problem = textProblem(value, { maxLength, multiline });
  if (problem) throw new InvalidInputError(field, problem.rule, `${field} ${problem.message}`);
}
