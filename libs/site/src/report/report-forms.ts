import { isURL } from 'class-validator';
import { Rag } from '@app/rollout';
import {
  dateField,
  type DateField,
  type DateInputRead,
  dateProblem,
  enteredDate,
  type Problem,
  readDateInput,
} from '../layout/date-input';
import {
  DESCRIBED,
  EVIDENCE_FORMAT,
  type Fact,
  PERIOD_END_BEFORE_START,
  textRuleProblem,
} from './report-words';
import { postedCommandId } from '../signed-in/command-id';

/**
 * The two report forms read from their posted fields (all strings), checked in the words of
 * the form before anything is sent: every problem at once, beside its field and in the error
 * summary, and what was typed kept. The checks are those the GraphQL inputs make
 * (ReportMilestoneInput, ReportStatusInput), so a form that passes sends what the API accepts.
 */

type Fields = Record<string, unknown>;

/** What every form shows besides its values: its date inputs and its problems. */
export interface FormState {
  /**
   * The command id the form sends: made when the form is first shown, so sending it twice
   * (a double click, a reload of the POST) records the report once.
   */
  commandId: string;
  dates: Record<string, DateField>;
  /** Each field's error message, for the macros' errorMessage. */
  errors: Partial<Record<Fact, { text: string }>>;
  /** The error summary's items, in the order of the form. */
  problems: Problem[];
}

export interface MilestoneReport {
  milestoneKey: string;
  achievedOn: string;
  evidence: string[];
  note: string | null;
}

export interface MilestoneForm extends FormState {
  values: { milestoneKey: string; evidence: string; note: string };
  /** What to send, when the form has no problem. */
  report: MilestoneReport | null;
}

export interface StatusReport {
  rag: Rag;
  commentary: string;
  periodStart: string;
  periodEnd: string;
}

export interface StatusForm extends FormState {
  values: { rag: string; commentary: string };
  report: StatusReport | null;
}

/** Each form's fields, in order: a refusal about none of them points to the first. */
const FORM_FACTS = {
  milestone: ['milestoneKey', 'achievedOn', 'evidence', 'note'],
  status: ['rag', 'commentary', 'periodStart', 'periodEnd'],
} as const satisfies Record<string, readonly Fact[]>;

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const untrimmed = (value: unknown): string => (typeof value === 'string' ? value : '');
const EMPTY_DATE: DateInputRead = {
  date: null,
  problem: null,
  wrong: [],
  entered: { day: '', month: '', year: '' },
};

/** The posted command id, or a new one if it is missing or not one the API would take. */
const commandIdOf = (fields: Fields, newCommandId: () => string): string => {
  const posted = text(fields.commandId);
  return postedCommandId(posted, newCommandId);
};

/** Collects problems in the order of the form, with the link each summary item needs. */
class Checks {
  readonly errors: FormState['errors'] = {};
  readonly problems: Problem[] = [];

  add(fact: Fact, message: string, href = `#${fact}`): void {
    this.errors[fact] ??= { text: message };
    this.problems.push({ text: message, href });
  }

  date(fact: Fact, read: DateInputRead): DateField {
    for (const problem of dateProblem(fact, read)) this.add(fact, problem.text, problem.href);
    return dateField(fact, read);
  }

  text(fact: Fact, value: string): void {
    const problem = textRuleProblem(fact, value);
    if (problem) this.add(fact, problem);
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }
}

export const emptyMilestoneForm = (commandId: string): MilestoneForm => ({
  commandId,
  values: { milestoneKey: '', evidence: '', note: '' },
  dates: { achievedOn: dateField('achievedOn', EMPTY_DATE) },
  errors: {},
  problems: [],
  report: null,
});

/**
 * The milestone form as posted: the milestone chosen (one of `milestoneKeys`), the date it was
 * achieved (today or before), a link to the evidence (optional, a web address) and a note
 * (optional). Pure.
 */
export function readMilestoneForm(
  fields: Fields,
  milestoneKeys: readonly string[],
  today: string,
  newCommandId: () => string,
): MilestoneForm {
  const checks = new Checks();
  const values = {
    milestoneKey: text(fields.milestoneKey),
    evidence: text(fields.evidence),
    note: untrimmed(fields.note),
  };
  if (!milestoneKeys.includes(values.milestoneKey)) {
    checks.add('milestoneKey', 'Select the milestone that was achieved');
  }
  const achievedOn = checks.date(
    'achievedOn',
    readDateInput(enteredDate(fields, 'achievedOn'), DESCRIBED.achievedOn, {
      required: true,
      notAfter: today,
    }),
  );
  if (values.evidence) {
    checks.text('evidence', values.evidence);
    if (!checks.errors.evidence && !isURL(values.evidence, WEB_ADDRESS)) {
      checks.add('evidence', EVIDENCE_FORMAT);
    }
  }
  checks.text('note', values.note);
  const note = values.note.trim();
  return {
    commandId: commandIdOf(fields, newCommandId),
    values,
    dates: { achievedOn },
    errors: checks.errors,
    problems: checks.problems,
    report:
      checks.ok && achievedOn.date
        ? {
            milestoneKey: values.milestoneKey,
            achievedOn: achievedOn.date,
            evidence: values.evidence ? [values.evidence] : [],
            note: note || null,
          }
        : null,
  };
}

/** The same web addresses the API takes as evidence (CommandEnvelopeInput's @IsUrl). */
const WEB_ADDRESS = { protocols: ['http', 'https'], require_protocol: true };

export const emptyStatusForm = (commandId: string): StatusForm => ({
  commandId,
  values: { rag: '', commentary: '' },
  dates: {
    periodStart: dateField('periodStart', EMPTY_DATE),
    periodEnd: dateField('periodEnd', EMPTY_DATE),
  },
  errors: {},
  problems: [],
  report: null,
});

const RAGS: readonly string[] = Object.values(Rag);

/**
 * The status form as posted: red, amber or green, the commentary, and the period it covers
 * (its first day today or before, its last day not before its first). Pure.
 */
export function readStatusForm(
  fields: Fields,
  today: string,
  newCommandId: () => string,
): StatusForm {
  const checks = new Checks();
  const values = { rag: text(fields.rag), commentary: untrimmed(fields.commentary) };
  if (!RAGS.includes(values.rag)) checks.add('rag', 'Select the status: red, amber or green');
  if (!values.commentary.trim()) checks.add('commentary', 'Enter the commentary');
  else checks.text('commentary', values.commentary);
  const periodStart = checks.date(
    'periodStart',
    readDateInput(enteredDate(fields, 'periodStart'), DESCRIBED.periodStart, {
      required: true,
      notAfter: today,
    }),
  );
  let periodEnd = checks.date(
    'periodEnd',
    readDateInput(enteredDate(fields, 'periodEnd'), DESCRIBED.periodEnd, { required: true }),
  );
  if (periodStart.date && periodEnd.date && periodEnd.date < periodStart.date) {
    periodEnd = withDateProblem(periodEnd, PERIOD_END_BEFORE_START);
    checks.add('periodEnd', PERIOD_END_BEFORE_START, '#periodEnd-day');
  }
  return {
    commandId: commandIdOf(fields, newCommandId),
    values,
    dates: { periodStart, periodEnd },
    errors: checks.errors,
    problems: checks.problems,
    report:
      checks.ok && periodStart.date && periodEnd.date
        ? {
            rag: values.rag as Rag,
            commentary: values.commentary.trim(),
            periodStart: periodStart.date,
            periodEnd: periodEnd.date,
          }
        : null,
  };
}

/** A date input marked wrong as a whole, with this message. */
const withDateProblem = (field: DateField, message: string): DateField => ({
  ...field,
  date: null,
  errorMessage: { text: message },
  items: field.items.map((item) => ({
    ...item,
    classes: item.classes.includes('govuk-input--error')
      ? item.classes
      : `${item.classes} govuk-input--error`,
  })),
});

/**
 * The form with a refusal of the API shown as its own problems are: beside the field it is
 * about (a date input marked as a whole), or, when it is about none of the form's fields (the
 * area, the form as a whole), beside the form's first field. `commandId` replaces the form's when the
 * refused one may not be sent again.
 */
export function withRefusal<F extends MilestoneForm | StatusForm>(
  form: F,
  kind: keyof typeof FORM_FACTS,
  refusal: { fact: Fact | null; text: string; commandId?: string },
): F {
  const facts: readonly Fact[] = FORM_FACTS[kind];
  const field = refusal.fact && facts.includes(refusal.fact) ? refusal.fact : facts[0];
  const date = form.dates[field];
  return {
    ...form,
    commandId: refusal.commandId ?? form.commandId,
    dates: date ? { ...form.dates, [field]: withDateProblem(date, refusal.text) } : form.dates,
    errors: { ...form.errors, [field]: { text: refusal.text } },
    problems: [
      ...form.problems,
      { text: refusal.text, href: date ? `#${field}-day` : `#${field}` },
    ],
    report: null,
  };
}
