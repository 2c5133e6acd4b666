import { DomainError, ErrorCode, TEXT_RULES, textProblem, type TextRule } from '@app/kernel';
import { govukDate } from '../layout/dates';

/**
 * The words the report pages use for what an officer reports: the forms' own checks, the
 * refusals of the rollout context, and the problems of a CSV file's rows all say the same
 * thing the same way, and never show an error code or an ISO date.
 */

/** A fact the officer reports, as the forms and the CSV file name it. */
export type Fact =
  | 'milestoneKey'
  | 'achievedOn'
  | 'evidence'
  | 'note'
  | 'rag'
  | 'commentary'
  | 'periodStart'
  | 'periodEnd'
  | 'areaCode'
  | 'programmeId';

/** How an error message starts when it is about the fact. */
export const DESCRIBED: Record<Fact, string> = {
  milestoneKey: 'The milestone',
  achievedOn: 'The date the milestone was achieved',
  evidence: 'The link to the evidence',
  note: 'The note',
  rag: 'The status',
  commentary: 'The commentary',
  periodStart: 'The first day of the period',
  periodEnd: 'The last day of the period',
  areaCode: 'The area code',
  programmeId: 'The programme',
};

/** The rollout context's rules for the text an event keeps (its inputs' @IsText). */
export const TEXT_RULE_OF: Partial<Record<Fact, TextRule>> = {
  evidence: { maxLength: 2048 },
  note: { maxLength: 4000, multiline: true },
  commentary: { maxLength: 4000, multiline: true },
};

/** A text rule broken, in words. */
function textRuleWords(fact: Fact, rule: string): string {
  switch (rule) {
    case 'maxLength':
      return `${DESCRIBED[fact]} must be ${(TEXT_RULE_OF[fact]?.maxLength ?? 0).toLocaleString('en-GB')} characters or less`;
    case 'singleLine':
      return `${DESCRIBED[fact]} must be on one line`;
    default:
      return `${DESCRIBED[fact]} must not include hidden characters, such as control or formatting characters`;
  }
}

/** What is wrong with a text, in words, or null when it keeps its rule. */
export function textRuleProblem(fact: Fact, value: string): string | null {
  const rule = TEXT_RULE_OF[fact];
  const problem = rule ? textProblem(value, rule) : null;
  return problem ? textRuleWords(fact, problem.rule) : null;
}

export const EVIDENCE_FORMAT =
  'Enter the link to the evidence as a web address starting with https:// or http://, like https://www.example.com/report';
export const PERIOD_END_BEFORE_START = `${DESCRIBED.periodEnd} must be the same as or after the first day`;

/** What the words need to name things: the areas, the programme and its milestones. */
export interface Names {
  areaName(code: string): string;
  programmeName: string;
  /** The programme's milestones, in its order. */
  milestones: readonly { key: string; title: string }[];
}

/** A refusal: of the API (a DomainError) or of a CSV row (the import's RowError). */
export interface Refusal {
  code: ErrorCode;
  /** The API's field or the file's column it is about, if any. */
  field: string | null;
  rule?: string;
  /** What a DomainError knows beyond its message; a row's error has none. */
  details?: Record<string, unknown>;
}

/** A DomainError as a refusal: its field and rule are in its details. */
export const refusalOf = (error: DomainError): Refusal => ({
  code: error.code,
  field: typeof error.details.field === 'string' ? error.details.field : null,
  rule: typeof error.details.rule === 'string' ? error.details.rule : undefined,
  details: error.details,
});

/** What the report was about: the area, the milestone, and which date a replaced area concerns. */
export interface About {
  areaCode: string;
  milestoneKey?: string;
  dateFact: Fact;
}

const isFact = (name: string): name is Fact => Object.hasOwn(DESCRIBED, name);
/** The API's and the file's names for the facts, where they differ from the forms'. */
const FACT_OF: Record<string, Fact> = { evidenceUrl: 'evidence' };
const factOf = (field: string | null, about: About): Fact | null => {
  if (field === 'occurredAt') return about.dateFact;
  const fact = field ? (FACT_OF[field] ?? field) : null;
  return fact && isFact(fact) ? fact : null;
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
const lowerFirst = (words: string): string => words.charAt(0).toLowerCase() + words.slice(1);

/** "A, B and C". */
export const inWords = (items: readonly string[]): string =>
  items.length > 1
    ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
    : items.join('');

/**
 * A refusal in the words of the forms: the fact it is about (null when it is about the report
 * as a whole) and what to do. One mapping for the forms' refusals by the API and for the
 * problems of a CSV file's rows, so both say the same thing. Null when it has no words here
 * (an unknown programme, a failure): the caller lets it through.
 */
export function refusalText(
  refusal: Refusal,
  about: About,
  names: Names,
): { fact: Fact | null; text: string } | null {
  const details = refusal.details ?? {};
  const fact = factOf(refusal.field, about);
  const area = names.areaName(about.areaCode);
  const title = (key: string | undefined): string =>
    names.milestones.find((milestone) => milestone.key === key)?.title ?? 'This milestone';
  const said = (about: Fact | null, words: string) => ({ fact: about, text: words });
  switch (refusal.code) {
    case ErrorCode.IDEMPOTENCY_CONFLICT:
      return said(
        null,
        'This form was already sent with different answers. Check the answers and send the form again',
      );
    case ErrorCode.FORBIDDEN: {
      // The officer's areas as the upload gives them; the policy's refusal names the first.
      const own = list(details.areaCodes).length
        ? list(details.areaCodes)
        : [text(details.organisation)].filter(Boolean);
      return said(
        'areaCode',
        own.length
          ? `You can report only for ${inWords(own.map((code) => names.areaName(code)))}, not for ${area}`
          : `You cannot report for ${area}`,
      );
    }
    case ErrorCode.UNKNOWN_AREA:
      return said('areaCode', `There is no local authority with the code ${about.areaCode}`);
    case ErrorCode.AREA_REPLACED: {
      const successors = inWords(list(details.successors).map((code) => names.areaName(code)));
      const on = text(details.effectiveFrom);
      return said(
        about.dateFact,
        successors && on
          ? `${area} was replaced by ${successors} on ${govukDate(on)}: report for ${successors} instead`
          : `${area} has been replaced by another local authority: report for the one that replaced it instead`,
      );
    }
    case ErrorCode.INVALID_TRANSITION: {
      const on = text(details.withdrawnOn);
      return said(
        'areaCode',
        `${area} was withdrawn from ${names.programmeName}${on ? ` on ${govukDate(on)}` : ''}`,
      );
    }
    case ErrorCode.NOT_FOUND:
      return fact === 'areaCode'
        ? said('areaCode', `${area} is not enrolled in ${names.programmeName}`)
        : null;
    case ErrorCode.ALREADY_EXISTS: {
      const on = text(details.achievedOn);
      return said(
        'milestoneKey',
        `${title(about.milestoneKey)} was already reported as achieved ${on ? `on ${govukDate(on)}` : 'on another date'}`,
      );
    }
    case ErrorCode.BAD_USER_INPUT: {
      const words = fact && inputWords(fact, refusal.rule ?? '', names);
      return words ? said(fact, words) : null;
    }
    default:
      return null;
  }
}

/** A refused input, by the rule it broke. */
function inputWords(fact: Fact, rule: string, names: Names): string | null {
  const keys = names.milestones.map((milestone) => milestone.key);
  switch (rule) {
    case 'required':
      return `Enter ${lowerFirst(DESCRIBED[fact])}`;
    case 'pattern':
      return fact === 'areaCode'
        ? 'The area code must be an ONS code, like E09000022'
        : `${DESCRIBED[fact]} must be written in lower-case words joined by hyphens, like ${keys[0] ?? 'schools-recruited'}`;
    case 'calendarDate':
      return `${DESCRIBED[fact]} must be a real date, written year-month-day, like 2026-12-04`;
    case 'notInFuture':
      return `${DESCRIBED[fact]} must be today or in the past`;
    case 'notBeforeStart':
      return PERIOD_END_BEFORE_START;
    case 'knownMilestone':
      return `${names.programmeName} has no such milestone: its milestones are ${inWords(keys)}`;
    case 'consistentWithinFile':
      return 'An earlier row of the file reports this milestone for this area on another date: a milestone is achieved only once';
    case 'httpUrl':
      return EVIDENCE_FORMAT;
    case 'matchesQuery':
      return `This row is for another programme than ${names.programmeName}, the one the file is for`;
    default:
      return (TEXT_RULES as readonly string[]).includes(rule) ? textRuleWords(fact, rule) : null;
  }
}
