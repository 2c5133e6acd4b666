import {
  type AllocationView,
  type FundingInputProblem,
  type FundingRequest,
  formatPence,
} from '@app/funding';
import { DomainError, ErrorCode } from '@app/kernel';
import {
  type DateInputRead,
  dateField,
  type DatePart,
  enteredDate,
  type Problem,
  readDateInput,
} from '../layout/date-input';
import { govukDate } from '../layout/dates';

/**
 * The board's grant allocation forms in words (record, correct, withdraw): read and checked,
 * turned into the request the API's mutations send, and the funding context's refusals put
 * beside the fields they are about.
 */

type Fields = Record<string, unknown>;

export type AllocationField =
  | 'areaCode'
  | 'programmeId'
  | 'amount'
  | 'period'
  | 'allocatedOn'
  | 'sourceUrl'
  | 'fundingSource'
  | 'grantName'
  | 'reason';
const FIELDS: readonly AllocationField[] = [
  'areaCode',
  'programmeId',
  'amount',
  'period',
  'allocatedOn',
  'sourceUrl',
  'fundingSource',
  'grantName',
  'reason',
];

/** Recording asks every detail; correcting, the details and why; withdrawing, only why. */
export type AllocationFormKind = 'record' | 'correct' | 'withdraw';

export interface AllocationForm {
  commandId: string;
  values: Record<Exclude<AllocationField, 'allocatedOn'>, string> & {
    allocatedOn: Record<DatePart, string>;
  };
  errors: Partial<Record<AllocationField, { text: string }>>;
  problems: Problem[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const COMMAND_ID = /^[\w.:-]{1,128}$/;
export const DEPARTMENT_FOR_EDUCATION = 'Department for Education';
const ANNOUNCED = 'The date the allocation was announced';

/** "2024-04-01/2025-03-31": a period as a choice of the form. */
const periodValue = (start: string, end: string): string => `${start}/${end}`;

/** The day's date boxes filled from YYYY-MM-DD. */
const dateBoxes = (date: string): Record<DatePart, string> => {
  const [year, month, day] = date.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
};

/** The form, empty (with the area and programme of the link that led to it) or with an allocation. */
export function allocationFormOf(
  commandId: string,
  from: Partial<Pick<AllocationView, 'areaCode' | 'programmeId'>> | AllocationView = {},
): AllocationForm {
  const allocation = 'allocationId' in from ? from : null;
  return {
    commandId,
    values: {
      areaCode: from.areaCode ?? '',
      programmeId: from.programmeId ?? '',
      amount: allocation ? (allocation.amountPence / 100).toFixed(2) : '',
      period: allocation ? periodValue(allocation.periodStart, allocation.periodEnd) : '',
      allocatedOn: allocation
        ? dateBoxes(allocation.allocatedOn)
        : { day: '', month: '', year: '' },
      sourceUrl: allocation?.sourceUrl ?? '',
      fundingSource: allocation?.fundingSource ?? DEPARTMENT_FOR_EDUCATION,
      grantName: allocation?.grantName ?? '',
      reason: '',
    },
    errors: {},
    problems: [],
  };
}

/** The form with these problems, each beside its field and in the summary, in the form's order. */
export function withProblems(
  form: AllocationForm,
  found: Partial<Record<AllocationField, string>>,
): AllocationForm {
  const fields = FIELDS.filter((field) => found[field]);
  const allocatedOn = readDateInput(form.values.allocatedOn, ANNOUNCED);
  return {
    ...form,
    errors: Object.fromEntries(fields.map((field) => [field, { text: found[field] }])),
    problems: fields.map((field) => ({
      text: found[field] as string,
      // A date input's link goes to its first box at fault (its day box when the date is whole).
      href: field === 'allocatedOn' ? `#allocatedOn-${allocatedOn.wrong[0] ?? 'day'}` : `#${field}`,
    })),
  };
}

/**
 * An amount in pounds as typed: "1,250,000", "£1250000.50". Whole pence exactly, or the
 * problem in words. Pure.
 */
export function readPounds(typed: string): { pence: number } | { problem: string } {
  const amount = typed.replace(/^£\s*/, '').trim();
  if (!amount) return { problem: 'Enter the amount allocated, in pounds' };
  if (/^-/.test(amount)) return { problem: 'The amount must be more than £0' };
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match) {
    return { problem: 'Enter the amount in pounds as a number, like 1,250,000 or 1250000.50' };
  }
  const [, pounds, decimals = ''] = match;
  if (decimals.length > 2) {
    return { problem: 'The amount must not have more than 2 decimal places, like 1250000.50' };
  }
  const pence = Number(pounds.replace(/,/g, '')) * 100 + Number(decimals.padEnd(2, '0'));
  if (!Number.isSafeInteger(pence)) return { problem: 'The amount is too large' };
  if (pence === 0) return { problem: 'The amount must be more than £0' };
  return { pence };
}

/** England's financial years, "2024 to 2025": April to March. */
export interface PeriodChoice {
  value: string;
  text: string;
}

/**
 * The periods to choose from: each financial year from 2020 to 2025 up to the one after next
 * (grants are often announced a year ahead), newest first; and the allocation's own period,
 * when it is not a financial year, so that a correction can keep it.
 */
export function periodChoices(today: string, current?: { start: string; end: string }) {
  const thisYear = Number(today.slice(0, 4)) - (today.slice(5) < '04-01' ? 1 : 0);
  const years: PeriodChoice[] = [];
  for (let year = thisYear + 2; year >= 2020; year -= 1) {
    years.push({
      value: periodValue(`${year}-04-01`, `${year + 1}-03-31`),
      text: `${year} to ${year + 1}`,
    });
  }
  if (current && !years.some((year) => year.value === periodValue(current.start, current.end))) {
    years.unshift({
      value: periodValue(current.start, current.end),
      text: `${govukDate(current.start)} to ${govukDate(current.end)}`,
    });
  }
  return years;
}

/** The period's words, as the form offers it. */
export const periodText = (choices: readonly PeriodChoice[], value: string): string =>
  choices.find((choice) => choice.value === value)?.text ?? value;

/** What the form reads and checks, and the request it asks for when it has no problem. */
export interface ReadAllocationForm {
  form: AllocationForm;
  request: FundingRequest | null;
}

export interface AllocationFormRules {
  kind: AllocationFormKind;
  /** Today in England (YYYY-MM-DD): an allocation is not announced later. */
  today: string;
  periods: readonly PeriodChoice[];
  /** The allocation corrected or withdrawn (its area and programme are not the form's). */
  allocation?: Pick<AllocationView, 'allocationId' | 'areaCode' | 'programmeId'>;
  isArea(areaCode: string): boolean;
  isProgramme(programmeId: string): boolean;
}

const WHY: Readonly<Record<AllocationFormKind, string>> = {
  record: '',
  correct: 'Enter why you are correcting the allocation',
  withdraw: 'Enter why you are withdrawing the allocation',
};

/**
 * The form as posted. Every answer is checked here in the form's words, so that every problem
 * shows at once; what passes is the API's input, whose own rules are then checked too
 * (`fundingInputProblems`), and the decider's after that.
 */
export function readAllocationForm(
  fields: Fields,
  newCommandId: () => string,
  rules: AllocationFormRules,
): ReadAllocationForm {
  const posted = text(fields.commandId);
  const { kind, allocation } = rules;
  const form: AllocationForm = {
    ...allocationFormOf(COMMAND_ID.test(posted) ? posted : newCommandId()),
    values: {
      areaCode: allocation?.areaCode ?? text(fields.areaCode),
      programmeId: allocation?.programmeId ?? text(fields.programmeId),
      amount: text(fields.amount),
      period: text(fields.period),
      allocatedOn: enteredDate(fields, 'allocatedOn'),
      sourceUrl: text(fields.sourceUrl),
      fundingSource: text(fields.fundingSource),
      grantName: text(fields.grantName),
      reason: text(fields.reason),
    },
  };
  const { values } = form;
  const found: Partial<Record<AllocationField, string>> = {
    reason: kind !== 'record' && !values.reason ? WHY[kind] : undefined,
  };
  if (kind === 'withdraw') {
    const checked = withProblems(form, found);
    return {
      form: checked,
      request: checked.problems.length
        ? null
        : {
            kind: 'WithdrawGrantAllocation',
            commandId: form.commandId,
            programmeId: values.programmeId,
            allocationId: allocation!.allocationId,
            reason: values.reason,
          },
    };
  }
  const amount = readPounds(values.amount);
  const period = rules.periods.find((choice) => choice.value === values.period);
  const announced: DateInputRead = readDateInput(values.allocatedOn, ANNOUNCED, {
    required: true,
    notAfter: rules.today,
  });
  Object.assign(found, {
    areaCode: rules.isArea(values.areaCode) ? undefined : 'Select the local authority',
    programmeId: rules.isProgramme(values.programmeId) ? undefined : 'Select the programme',
    amount: 'problem' in amount ? amount.problem : undefined,
    period: period ? undefined : 'Select the financial year the grant is for',
    allocatedOn: announced.problem ?? undefined,
    sourceUrl: values.sourceUrl
      ? undefined
      : 'Enter the address where the allocation is published, such as the grant determination',
    fundingSource: values.fundingSource
      ? undefined
      : 'Enter who pays, like Department for Education',
  });
  const checked = withProblems(form, found);
  if (checked.problems.length || 'problem' in amount || !period || !announced.date) {
    return { form: checked, request: null };
  }
  const [periodStart, periodEnd] = period.value.split('/');
  const details = {
    commandId: form.commandId,
    programmeId: values.programmeId,
    amountPence: amount.pence,
    periodStart,
    periodEnd,
    sourceUrl: values.sourceUrl,
    allocatedOn: announced.date,
    fundingSource: values.fundingSource,
    grantName: values.grantName || null,
    reason: values.reason || null,
  };
  return {
    form: checked,
    request:
      kind === 'record'
        ? { kind: 'AllocateGrant', ...details, areaCode: values.areaCode }
        : { kind: 'CorrectGrantAllocation', ...details, allocationId: allocation!.allocationId },
  };
}

/** The date input's model for `govukDateInput`, its boxes at fault marked. */
export const announcedField = (form: AllocationForm) => {
  const read = readDateInput(form.values.allocatedOn, ANNOUNCED);
  return dateField('allocatedOn', {
    ...read,
    problem: form.errors.allocatedOn?.text ?? null,
    wrong: form.errors.allocatedOn
      ? read.wrong.length
        ? read.wrong
        : ['day', 'month', 'year']
      : [],
  });
};

/** Each field of the API's input as the form names it, as the start of a sentence. */
const INPUT_FIELDS: Readonly<Record<string, { field: AllocationField; words: string }>> = {
  areaCode: { field: 'areaCode', words: 'The local authority' },
  programmeId: { field: 'programmeId', words: 'The programme' },
  amountPence: { field: 'amount', words: 'The amount' },
  periodStart: { field: 'period', words: 'The financial year' },
  periodEnd: { field: 'period', words: 'The financial year' },
  allocatedOn: { field: 'allocatedOn', words: ANNOUNCED },
  sourceUrl: { field: 'sourceUrl', words: 'The address of the published allocation' },
  fundingSource: { field: 'fundingSource', words: 'Who pays' },
  grantName: { field: 'grantName', words: "The grant's name" },
  reason: { field: 'reason', words: 'The reason' },
};

const INPUT_RULE_WORDS: Readonly<Record<string, string>> = {
  isUrl: 'must be a whole web address, starting https://',
  max: 'is too large',
};

/**
 * The API input's refusals in the form's words, beside their fields: the rule's own message,
 * its field named as the form names it. The first refusal of a field is shown.
 */
export function inputProblemWords(
  problems: readonly FundingInputProblem[],
): Partial<Record<AllocationField, string>> {
  const found: Partial<Record<AllocationField, string>> = {};
  for (const { field, rule, message } of problems) {
    const named = INPUT_FIELDS[field];
    if (!named || found[named.field]) continue;
    const said = INPUT_RULE_WORDS[rule] ?? message.replace(/^\S+\s/, '');
    found[named.field] = `${named.words} ${said}`;
  }
  return found;
}

/**
 * A refusal of the funding context in the form's words, on the field it is about; null for one
 * the form cannot say (a failure, or a refusal of access, which the pages' filter shows).
 */
export function refusalWords(
  error: unknown,
  areaName: string,
): { field: AllocationField; text: string } | null {
  if (!(error instanceof DomainError)) return null;
  const field = typeof error.details.field === 'string' ? error.details.field : null;
  switch (error.code) {
    case ErrorCode.AREA_REPLACED:
      // "Cumbria was replaced on 2023-04-01 by ...": the register's own words.
      return { field: 'areaCode', text: error.message };
    case ErrorCode.ALREADY_EXISTS:
      return {
        field: 'period',
        text: `${areaName} already has a grant from this programme for this period: correct that allocation instead`,
      };
    case ErrorCode.BAD_USER_INPUT: {
      if (field === 'allocationId' && error.details.rule === 'changesSomething') {
        return { field: 'amount', text: 'Change at least one detail to correct the allocation' };
      }
      const named = field ? INPUT_FIELDS[field] : undefined;
      return named ? { field: named.field, text: `${named.words}: ${error.message}` } : null;
    }
    default:
      return null;
  }
}

/** The "Check your answers" rows of an allocation about to be recorded. */
export function checkAnswerRows(
  form: AllocationForm,
  names: { areaName: string; programmeName: string; period: string },
) {
  const { values } = form;
  const amount = readPounds(values.amount);
  const announced = readDateInput(values.allocatedOn, ANNOUNCED).date;
  const rows: [string, string][] = [
    ['Local authority', names.areaName],
    ['Programme', names.programmeName],
    ['Amount', 'pence' in amount ? formatPence(amount.pence) : values.amount],
    ['Financial year', names.period],
    ['Date announced', announced ? govukDate(announced) : ''],
    ['Published at', values.sourceUrl],
    ['Who pays', values.fundingSource],
    ["Grant's name", values.grantName || 'None given'],
    ['Note', values.reason || 'None given'],
  ];
  return rows.map(([key, value]) => ({ key: { text: key }, value: { text: value } }));
}
