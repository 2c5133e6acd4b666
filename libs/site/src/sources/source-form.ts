import { DomainError, ErrorCode } from '@app/kernel';
import {
  type AddSourceRequest,
  type CorrectSourceRequest,
  MAX_THEMES,
  type Source,
  SourceKind,
} from '@app/sources';
import {
  dateField,
  type DateField,
  enteredDate,
  type Problem,
  readDateInput,
} from '../layout/date-input';
import { SOURCE_KIND_NAMES } from './sources-view';
import { postedCommandId } from '../signed-in/command-id';

/**
 * The board's source form (adding a source, and correcting one) in words: read and checked,
 * and the sources context's refusals beside the fields they are about. The form checks only
 * what must be answered and the date; the decider, as for the API, checks the rest.
 */

type Fields = Record<string, unknown>;
export type SourceField =
  'id' | 'kind' | 'title' | 'publisher' | 'publishedOn' | 'url' | 'themes' | 'reason';
const FIELDS: readonly SourceField[] = [
  'id',
  'kind',
  'title',
  'publisher',
  'publishedOn',
  'url',
  'themes',
  'reason',
];

/** How an error message starts when it is about the field. */
const DESCRIBED: Record<SourceField, string> = {
  id: 'The short name',
  kind: 'The kind of source',
  title: 'The title',
  publisher: 'Who published it',
  publishedOn: 'The date it was published',
  url: 'The link',
  themes: 'The themes',
  reason: 'The reason',
};

/** Adding a source, or correcting the one it has. */
export type SourceFormPurpose = 'add' | 'correct';

export interface SourceForm {
  purpose: SourceFormPurpose;
  commandId: string;
  values: {
    id: string;
    kind: string;
    title: string;
    publisher: string;
    url: string;
    /** One theme a line, as typed. */
    themes: string;
    reason: string;
  };
  date: DateField;
  errors: Partial<Record<SourceField, { text: string }>>;
  problems: Problem[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const KINDS = Object.values(SourceKind) as string[];
/** Blank lines between themes are not themes. */
const themesOf = (typed: string): string[] =>
  typed
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

const noDate = { date: null, problem: null, wrong: [] };

/** The form, empty, or (to correct it) with a source's details, to send under this command id. */
export function sourceFormOf(commandId: string, source?: Source): SourceForm {
  const [year = '', month = '', day = ''] = source?.publishedOn.split('-') ?? [];
  return {
    purpose: source ? 'correct' : 'add',
    commandId,
    values: {
      id: source?.id ?? '',
      kind: source?.kind ?? '',
      title: source?.title ?? '',
      publisher: source?.publisher ?? '',
      url: source?.url ?? '',
      themes: source?.themes.join('\n') ?? '',
      reason: '',
    },
    date: dateField('publishedOn', {
      ...noDate,
      entered: { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year },
    }),
    errors: {},
    problems: [],
  };
}

/**
 * The form with these problems, each beside its field and in the summary, in the form's order;
 * the date's summary item links to its first box at fault.
 */
export function withProblems(
  form: SourceForm,
  found: Partial<Record<SourceField, string>>,
  dateHref = '#publishedOn-day',
): SourceForm {
  const fields = FIELDS.filter((field) => found[field]);
  const hrefOf = (field: SourceField) => (field === 'publishedOn' ? dateHref : `#${field}`);
  return {
    ...form,
    date: found.publishedOn
      ? { ...form.date, errorMessage: { text: found.publishedOn } }
      : form.date,
    errors: Object.fromEntries(fields.map((field) => [field, { text: found[field] }])),
    problems: fields.map((field) => ({ text: found[field] as string, href: hrefOf(field) })),
  };
}

/**
 * The form as posted, every missing answer found at once. `today` (YYYY-MM-DD) is the latest
 * date a source may have been published. A correction's short name is the page's, not posted.
 */
export function readSourceForm(
  fields: Fields,
  purpose: SourceFormPurpose,
  today: string,
  newCommandId: () => string,
): SourceForm {
  const posted = text(fields.commandId);
  const read = readDateInput(enteredDate(fields, 'publishedOn'), DESCRIBED.publishedOn, {
    required: true,
    notAfter: today,
  });
  const form: SourceForm = {
    purpose,
    commandId: postedCommandId(posted, newCommandId),
    values: {
      id: purpose === 'add' ? text(fields.id) : '',
      kind: KINDS.includes(text(fields.kind)) ? text(fields.kind) : '',
      title: text(fields.title),
      publisher: text(fields.publisher),
      url: text(fields.url),
      themes: typeof fields.themes === 'string' ? fields.themes : '',
      reason: text(fields.reason),
    },
    date: dateField('publishedOn', read),
    errors: {},
    problems: [],
  };
  const { values } = form;
  return withProblems(
    form,
    {
      id:
        purpose === 'add' && !values.id
          ? 'Enter a short name for the source’s web address'
          : undefined,
      kind: values.kind ? undefined : 'Select the kind of source',
      title: values.title ? undefined : 'Enter the title of the source',
      publisher: values.publisher ? undefined : 'Enter who published the source',
      publishedOn: read.problem ?? undefined,
      reason:
        purpose === 'correct' && !values.reason
          ? 'Enter why you are correcting the source'
          : undefined,
    },
    `#publishedOn-${read.wrong[0] ?? 'day'}`,
  );
}

/** What a checked form asks to add. */
export function addSourceRequestOf({ commandId, values, date }: SourceForm): AddSourceRequest {
  return {
    commandId,
    id: values.id,
    kind: values.kind as SourceKind,
    title: values.title,
    publisher: values.publisher,
    publishedOn: date.date!,
    url: values.url || null,
    themes: themesOf(values.themes),
    reason: values.reason || undefined,
  };
}

/** What a checked form asks to correct: every detail as the form has it, an empty link cleared. */
export const correctSourceRequestOf = (id: string, form: SourceForm): CorrectSourceRequest => ({
  ...addSourceRequestOf(form),
  id,
});

/** A refusal's message without its field's name, as the kernel's text rules word it. */
const ruleWords = (field: SourceField, message: string): string =>
  `${DESCRIBED[field]} ${message.replace(/^\w+ /, '')}`;

/**
 * A refusal of the sources context in the form's words, on the field it is about; null for one
 * the form cannot say (a failure, or a refusal of access, which the pages' filter shows).
 */
export function refusalWords(error: unknown): { field: SourceField; text: string } | null {
  if (!(error instanceof DomainError)) return null;
  if (error.code === ErrorCode.ALREADY_EXISTS) {
    return { field: 'id', text: 'A source with this short name already exists: choose another' };
  }
  if (error.code !== ErrorCode.BAD_USER_INPUT) return null;
  const field = error.details.field;
  const rule = typeof error.details.rule === 'string' ? error.details.rule : '';
  switch (field) {
    case 'id':
      return {
        field,
        text: 'The short name must be lower-case letters and digits joined by hyphens, such as ircsc-final-report-2022, and 100 characters or fewer',
      };
    case 'kind':
      return { field, text: 'Select the kind of source' };
    case 'publishedOn':
      return {
        field,
        text:
          rule === 'notInFuture'
            ? `${DESCRIBED.publishedOn} must be today or in the past`
            : `${DESCRIBED.publishedOn} must be a real date`,
      };
    case 'url':
      return {
        field,
        text:
          rule === 'absoluteUrl'
            ? 'Enter the link as a whole web address starting https:// (or http://), such as https://www.gov.uk/government/publications/example'
            : ruleWords(field, error.message),
      };
    case 'themes':
      return { field, text: themeWords(rule, error.message) };
    case 'reason':
      return { field, text: 'Enter why you are correcting the source' };
    case 'changes':
      // Nothing changed: said beside the first answer, where a correction starts.
      return {
        field: 'kind',
        text: 'Nothing to correct: the source already has these details. Change an answer, or cancel',
      };
    case 'title':
    case 'publisher':
      return { field, text: ruleWords(field, error.message) };
    default:
      return null;
  }
}

/** The decider's rules for themes, one a line in the form. */
function themeWords(rule: string, message: string): string {
  switch (rule) {
    case 'unique':
      return `Give each theme once: ${/"(.*)"/.exec(message)?.[0] ?? 'one'} is there more than once`;
    case 'keepsThemes':
      return `Keep every theme the source has, since recommendations may be filed under them. Add themes or change their order, but do not remove or rename one. Missing: ${message.split('missing: ')[1] ?? ''}`;
    case 'maxCount':
      return `There must be ${MAX_THEMES} themes or fewer ${/\(.*\)/.exec(message)?.[0] ?? ''}`.trim();
    case 'maxLength':
      return ruleWords('themes', message).replace('The themes', 'Each theme');
    default:
      return ruleWords('themes', message);
  }
}

/** The kinds as radios, the form's ticked. */
export const kindItems = (chosen: string) =>
  Object.values(SourceKind).map((kind) => ({
    value: kind,
    text: SOURCE_KIND_NAMES[kind],
    checked: kind === (chosen as SourceKind),
  }));
