import { DomainError, ErrorCode, InvalidInputError, isWebAddress, textProblem } from '@app/kernel';

/**
 * A programme's own dated facts (what was announced, published or decided, with its evidence)
 * and the national milestones it reached. They are not the working milestones each area goes
 * through (programme-milestones.json): a national milestone happens once, for the programme.
 */

/** How exactly a date is known: a source that gives only the month or year dates it the 1st. */
export enum DatePrecision {
  DAY = 'DAY',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}

/** A dated fact about a programme, with the web address it was read at. */
export type ProgrammeFactDetails = {
  /** The fact's business date (YYYY-MM-DD); its first day when only the month or year is known. */
  on: string;
  precision: DatePrecision;
  text: string;
  url: string;
};

export type ProgrammeFact = ProgrammeFactDetails & {
  /** 1 for the programme's first fact recorded, and so on: what a correction names. */
  number: number;
};

/** A national milestone the programme reached, with its evidence. */
export type NationalMilestoneDetails = {
  title: string;
  on: string;
  precision: DatePrecision;
  url: string;
};

export type NationalMilestone = NationalMilestoneDetails & { key: string };

export interface ProgrammeFactRecorded {
  type: 'ProgrammeFactRecorded';
  data: ProgrammeFact;
}

/** Only the fields that changed. */
export interface ProgrammeFactCorrected {
  type: 'ProgrammeFactCorrected';
  data: { number: number } & Partial<ProgrammeFactDetails>;
}

export interface NationalMilestoneReached {
  type: 'NationalMilestoneReached';
  data: NationalMilestone;
}

/** Only the fields that changed. */
export interface NationalMilestoneCorrected {
  type: 'NationalMilestoneCorrected';
  data: { key: string } & Partial<NationalMilestoneDetails>;
}

export type ProgrammeFactEvent =
  | ProgrammeFactRecorded
  | ProgrammeFactCorrected
  | NationalMilestoneReached
  | NationalMilestoneCorrected;

export type ProgrammeFactCommand =
  | ({ kind: 'RecordProgrammeFact'; id: string } & ProgrammeFactDetails)
  | {
      kind: 'CorrectProgrammeFact';
      id: string;
      number: number;
      changes: Partial<ProgrammeFactDetails>;
    }
  | ({ kind: 'RecordNationalMilestone'; id: string; key: string } & NationalMilestoneDetails)
  | {
      kind: 'CorrectNationalMilestone';
      id: string;
      key: string;
      changes: Partial<NationalMilestoneDetails>;
    };

/** What the rules need of the programme: its facts so far, and the day it began. */
export interface FactsOfProgramme {
  id: string;
  /** England's date the programme was created on (its first known fact, when seeded). */
  startedOn: string;
  facts: readonly ProgrammeFact[];
  nationalMilestones: readonly NationalMilestone[];
}

export const FACT_TEXT_MAX_LENGTH = 600;
export const MILESTONE_TITLE_MAX_LENGTH = 200;
export const EVIDENCE_URL_MAX_LENGTH = 2048;
/** Lower-case words joined by hyphens: a key that reads well in a web address. */
const MILESTONE_KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MILESTONE_KEY_MAX_LENGTH = 60;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Decides the events of a command on a programme's facts or national milestones. Pure. */
export function decideProgrammeFact(
  command: ProgrammeFactCommand,
  programme: FactsOfProgramme,
  today: string,
): ProgrammeFactEvent[] {
  switch (command.kind) {
    case 'RecordProgrammeFact': {
      const details = factDetails(command);
      assertFact(details, programme, today);
      const same = programme.facts.find(
        (fact) => fact.on === details.on && fact.text === details.text,
      );
      if (same) {
        throw new DomainError(
          ErrorCode.ALREADY_EXISTS,
          `Programme ${programme.id} already has this fact on ${details.on} (fact ${same.number})`,
          { field: 'text', number: same.number },
        );
      }
      return [
        {
          type: 'ProgrammeFactRecorded',
          data: { number: programme.facts.length + 1, ...details },
        },
      ];
    }
    case 'CorrectProgrammeFact': {
      const fact = programme.facts.find((candidate) => candidate.number === command.number);
      if (!fact) {
        throw new DomainError(
          ErrorCode.NOT_FOUND,
          `Programme ${programme.id} has no fact ${command.number}`,
          { field: 'number', number: command.number },
        );
      }
      const given = trimmed(command.changes, 'text');
      assertFact({ ...fact, ...given }, programme, today);
      const changed = changedFields(fact, given, `fact ${fact.number}`);
      return [{ type: 'ProgrammeFactCorrected', data: { number: fact.number, ...changed } }];
    }
    case 'RecordNationalMilestone': {
      if (!MILESTONE_KEY.test(command.key) || command.key.length > MILESTONE_KEY_MAX_LENGTH) {
        throw new InvalidInputError(
          'key',
          'milestoneKey',
          `key must be lower-case letters and digits joined by hyphens, such as wave-1 (at most ${MILESTONE_KEY_MAX_LENGTH} characters)`,
        );
      }
      if (programme.nationalMilestones.some((milestone) => milestone.key === command.key)) {
        throw new DomainError(
          ErrorCode.ALREADY_EXISTS,
          `Programme ${programme.id} already reached the national milestone "${command.key}"; correct it instead`,
          { field: 'key', key: command.key },
        );
      }
      const details = milestoneDetails(command);
      assertMilestone(details, programme, today);
      return [{ type: 'NationalMilestoneReached', data: { key: command.key, ...details } }];
    }
    case 'CorrectNationalMilestone': {
      const milestone = programme.nationalMilestones.find(
        (candidate) => candidate.key === command.key,
      );
      if (!milestone) {
        throw new DomainError(
          ErrorCode.NOT_FOUND,
          `Programme ${programme.id} has no national milestone "${command.key}"`,
          { field: 'key', key: command.key },
        );
      }
      const given = trimmed(command.changes, 'title');
      assertMilestone({ ...milestone, ...given }, programme, today);
      const changed = changedFields(milestone, given, `national milestone ${milestone.key}`);
      return [{ type: 'NationalMilestoneCorrected', data: { key: milestone.key, ...changed } }];
    }
  }
}

/** Folds a fact or national milestone event into the programme's lists. Never refuses. */
export function evolveProgrammeFacts(
  lists: Pick<FactsOfProgramme, 'facts' | 'nationalMilestones'>,
  event: ProgrammeFactEvent,
): { facts: ProgrammeFact[]; nationalMilestones: NationalMilestone[] } {
  const facts = [...lists.facts];
  const nationalMilestones = [...lists.nationalMilestones];
  switch (event.type) {
    case 'ProgrammeFactRecorded':
      facts.push(event.data);
      break;
    case 'ProgrammeFactCorrected': {
      const index = facts.findIndex((fact) => fact.number === event.data.number);
      facts[index] = { ...facts[index], ...event.data };
      break;
    }
    case 'NationalMilestoneReached':
      nationalMilestones.push(event.data);
      break;
    case 'NationalMilestoneCorrected': {
      const index = nationalMilestones.findIndex((milestone) => milestone.key === event.data.key);
      nationalMilestones[index] = { ...nationalMilestones[index], ...event.data };
      break;
    }
  }
  return { facts, nationalMilestones };
}

/**
 * The facts and national milestones as they stood on `day`: those dated after it had not
 * happened yet. Each list oldest first (facts of one day in the order recorded).
 */
export function factsAsOn<T extends Pick<FactsOfProgramme, 'facts' | 'nationalMilestones'>>(
  lists: T,
  day: string,
): { facts: ProgrammeFact[]; nationalMilestones: NationalMilestone[] } {
  const byDate = <Dated extends { on: string }>(a: Dated, b: Dated): number =>
    a.on.localeCompare(b.on);
  return {
    facts: lists.facts.filter((fact) => fact.on <= day).sort(byDate),
    nationalMilestones: lists.nationalMilestones
      .filter((milestone) => milestone.on <= day)
      .sort(byDate),
  };
}

const factDetails = ({ on, precision, text, url }: ProgrammeFactDetails): ProgrammeFactDetails => ({
  on,
  precision,
  text: text.trim(),
  url: url.trim(),
});

const milestoneDetails = ({
  title,
  on,
  precision,
  url,
}: NationalMilestoneDetails): NationalMilestoneDetails => ({
  title: title.trim(),
  on,
  precision,
  url: url.trim(),
});

function trimmed<T extends { url?: string }>(changes: T, textField: keyof T): Partial<T> {
  const result: Record<string, unknown> = { ...changes };
  for (const field of [textField, 'url'] as const) {
    const value = result[field as string];
    if (typeof value === 'string') result[field as string] = value.trim();
  }
  return Object.fromEntries(
    Object.entries(result).filter(([, value]) => value !== undefined && value !== null),
  ) as Partial<T>;
}

function changedFields<T extends object>(current: T, given: Partial<T>, what: string): Partial<T> {
  const changed = Object.fromEntries(
    Object.entries(given).filter(([field, value]) => value !== current[field as keyof T]),
  ) as Partial<T>;
  if (Object.keys(changed).length === 0) {
    throw new InvalidInputError(
      'changes',
      'changesSomething',
      `A correction must change something: ${what} already says all that`,
    );
  }
  return changed;
}

function assertFact(fact: ProgrammeFactDetails, programme: FactsOfProgramme, today: string): void {
  assertDated(fact, programme, today);
  assertWords('text', fact.text, FACT_TEXT_MAX_LENGTH);
  assertEvidence(fact.url);
}

function assertMilestone(
  milestone: NationalMilestoneDetails,
  programme: FactsOfProgramme,
  today: string,
): void {
  assertWords('title', milestone.title, MILESTONE_TITLE_MAX_LENGTH);
  assertDated(milestone, programme, today);
  assertEvidence(milestone.url);
}

function assertDated(
  { on, precision }: { on: string; precision: DatePrecision },
  programme: FactsOfProgramme,
  today: string,
): void {
  if (!CALENDAR_DATE.test(on) || Number.isNaN(Date.parse(on))) {
    throw new InvalidInputError(
      'on',
      'calendarDate',
      `on must be a date such as 2023-02-09 (it is ${on})`,
    );
  }
  if (!Object.values(DatePrecision).includes(precision)) {
    throw new InvalidInputError(
      'precision',
      'knownPrecision',
      `precision must be one of ${Object.values(DatePrecision).join(', ')}`,
    );
  }
  if (precision === DatePrecision.MONTH && !on.endsWith('-01')) {
    throw new InvalidInputError(
      'on',
      'firstOfMonth',
      `A date known only by its month is given as the 1st of that month (${on.slice(0, 8)}01)`,
    );
  }
  if (precision === DatePrecision.YEAR && !on.endsWith('-01-01')) {
    throw new InvalidInputError(
      'on',
      'firstOfYear',
      `A date known only by its year is given as 1 January of that year (${on.slice(0, 4)}-01-01)`,
    );
  }
  if (on > today) {
    throw new InvalidInputError('on', 'notInFuture', `on ${on} is in the future`);
  }
  if (on < programme.startedOn) {
    throw new InvalidInputError(
      'on',
      'notBeforeProgramme',
      `on ${on} is before programme ${programme.id} began (${programme.startedOn})`,
    );
  }
}

function assertWords(field: string, value: string, maxLength: number): void {
  if (!value) throw new InvalidInputError(field, 'required', `${field} must not be empty`);
  const problem = textProblem(value, { maxLength });
  if (problem) throw new InvalidInputError(field, problem.rule, `${field} ${problem.message}`);
}

function assertEvidence(url: string): void {
  if (!isWebAddress(url) || url.length > EVIDENCE_URL_MAX_LENGTH) {
    throw new InvalidInputError(
      'url',
      'webAddress',
      `url must be a full web address starting https:// or http:// (at most ${EVIDENCE_URL_MAX_LENGTH} characters)`,
    );
  }
}
