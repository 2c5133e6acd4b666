import {
  assertNotInFuture,
  assertText,
  DomainError,
  ErrorCode,
  InvalidInputError,
  isoDate,
  notFound,
  SOURCE_ID_PATTERN,
} from '@app/kernel';
import { SourceDetails, SourceEvent, SourceKind } from './source.events';
import { Source } from './source.state';

/** A source's details sit apart from the command's `kind`, since a source has a kind too. */
export type SourceCommand =
  | { kind: 'AddSource'; id: string; details: SourceDetails }
  /** The details given are the corrected ones; those left out stay as they are. */
  | { kind: 'CorrectSource'; id: string; changes: Partial<SourceDetails> };

/** What a decision may consult besides the state: the command's envelope and the clock. */
export interface SourceDecisionContext {
  occurredAt: string;
  reason: string | null;
  now: Date;
}

export const SOURCE_ID_MAX_LENGTH = 100;
const TITLE_RULE = { maxLength: 300 };
const PUBLISHER_RULE = { maxLength: 300 };
const THEME_RULE = { maxLength: 200 };
const URL_MAX_LENGTH = 2000;
export const MAX_THEMES = 100;
const KINDS: readonly string[] = Object.values(SourceKind);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Decides which events a command produces on a source, or refuses it. Pure. */
export function decide(
  command: SourceCommand,
  state: Source | null,
  context: SourceDecisionContext,
): SourceEvent[] {
  assertNotInFuture(context.occurredAt, context.now);
  if (command.kind === 'AddSource') {
    if (state) {
      throw new DomainError(ErrorCode.ALREADY_EXISTS, `Source ${command.id} already exists`, {
        id: command.id,
      });
    }
    checkedId(command.id);
    return [
      {
        type: 'SourceAdded',
        data: { id: command.id, ...checkedDetails(command.details, context) },
      },
    ];
  }
  if (!state) throw notFound('Source', command.id);
  if (!context.reason?.trim()) {
    throw new InvalidInputError('reason', 'required', 'A reason is required to correct a source');
  }
  const given = command.changes;
  const next = checkedDetails(
    {
      kind: given.kind ?? state.kind,
      title: given.title ?? state.title,
      publisher: given.publisher ?? state.publisher,
      publishedOn: given.publishedOn ?? state.publishedOn,
      url: given.url === undefined ? state.url : given.url,
      themes: given.themes ?? state.themes,
    },
    context,
  );
  assertKeepsThemes(state.themes, next.themes);
  const changes = changedDetails(state, next);
  if (Object.keys(changes).length === 0) {
    throw new InvalidInputError(
      'changes',
      'somethingToChange',
      'Nothing to correct: the source already has these details',
    );
  }
  return [{ type: 'SourceCorrected', data: changes }];
}

function checkedId(id: string): void {
  if (id.length > SOURCE_ID_MAX_LENGTH || !SOURCE_ID_PATTERN.test(id)) {
    throw new InvalidInputError(
      'id',
      'sourceId',
      `id must be lower-case letters and digits joined by hyphens, such as ircsc-final-report-2022, at most ${SOURCE_ID_MAX_LENGTH} characters`,
    );
  }
  // /sources/new is the page that adds a source: a source of that id could never be reached.
  if (id === 'new') {
    throw new InvalidInputError('id', 'notReserved', 'id must not be "new": choose a longer name');
  }
}

/** A source's details checked and tidied (text trimmed). */
function checkedDetails(given: SourceDetails, context: SourceDecisionContext): SourceDetails {
  if (!KINDS.includes(given.kind)) {
    throw new InvalidInputError('kind', 'oneOf', `kind must be one of ${KINDS.join(', ')}`);
  }
  return {
    kind: given.kind,
    title: checkedText('title', given.title, TITLE_RULE),
    publisher: checkedText('publisher', given.publisher, PUBLISHER_RULE),
    publishedOn: checkedDate(given.publishedOn, context.now),
    url: checkedUrl(given.url),
    themes: checkedThemes(given.themes),
  };
}

function checkedText(field: string, value: string, rule: { maxLength: number }): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new InvalidInputError(field, 'required', `${field} is required`);
  assertText(field, trimmed, rule);
  return trimmed;
}

function checkedDate(publishedOn: string, now: Date): string {
  const [, year, month, day] = ISO_DATE.exec(publishedOn) ?? [];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (!year || date.toISOString().slice(0, 10) !== publishedOn) {
    throw new InvalidInputError(
      'publishedOn',
      'calendarDate',
      `publishedOn must be a real date written YYYY-MM-DD, such as 2022-05-23 (it was "${publishedOn}")`,
    );
  }
  if (publishedOn > isoDate(now)) {
    throw new InvalidInputError(
      'publishedOn',
      'notInFuture',
      `publishedOn ${publishedOn} is in the future: a source is recorded once it is published`,
    );
  }
  return publishedOn;
}

function checkedUrl(url: string | null): string | null {
  if (url === null) return null;
  assertText('url', url, { maxLength: URL_MAX_LENGTH });
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new InvalidInputError(
      'url',
      'absoluteUrl',
      'url must be a whole web address starting https:// (or http://), such as https://www.gov.uk/government/publications/example',
    );
  }
  return url;
}

/** A source may have no themes of its own: a government response answers another's. */
function checkedThemes(themes: readonly string[]): string[] {
  if (themes.length > MAX_THEMES) {
    throw new InvalidInputError(
      'themes',
      'maxCount',
      `themes must be ${MAX_THEMES} or fewer (there are ${themes.length})`,
    );
  }
  const checked = themes.map((theme) => theme.trim());
  if (checked.includes('')) {
    throw new InvalidInputError(
      'themes',
      'required',
      'every theme must have a name (one is empty)',
    );
  }
  checked.forEach((theme) => assertText('themes', theme, THEME_RULE));
  const repeated = checked.find((theme, index) => checked.indexOf(theme) !== index);
  if (repeated !== undefined) {
    throw new InvalidInputError('themes', 'unique', `themes names "${repeated}" more than once`);
  }
  return checked;
}

/**
 * Recommendations are filed under a source's theme, and this context cannot see them: a
 * theme removed or renamed would leave them filed under one the source no longer has. So a
 * correction may add themes and reorder them, never take one away.
 */
function assertKeepsThemes(current: readonly string[], next: readonly string[]): void {
  const missing = current.filter((theme) => !next.includes(theme));
  if (missing.length > 0) {
    throw new InvalidInputError(
      'themes',
      'keepsThemes',
      `themes must keep every theme the source has, since recommendations may be filed under them; missing: ${missing.map((theme) => `"${theme}"`).join(', ')}`,
    );
  }
}

/** Only what differs from the source. */
function changedDetails(state: Source, next: SourceDetails): Partial<SourceDetails> {
  const changes: Partial<SourceDetails> = {};
  if (next.kind !== state.kind) changes.kind = next.kind;
  if (next.title !== state.title) changes.title = next.title;
  if (next.publisher !== state.publisher) changes.publisher = next.publisher;
  if (next.publishedOn !== state.publishedOn) changes.publishedOn = next.publishedOn;
  if (next.url !== state.url) changes.url = next.url;
  if (JSON.stringify(next.themes) !== JSON.stringify(state.themes)) changes.themes = next.themes;
  return changes;
}
