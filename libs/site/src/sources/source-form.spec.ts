import { InvalidInputError, refusal } from '@app/kernel';
import { decide, type Source, SourceKind } from '@app/sources';
import {
  correctSourceRequestOf,
  kindItems,
  readSourceForm,
  refusalWords,
  sourceFormOf,
} from './source-form';

const TODAY = '2026-03-01';
const newId = () => 'site:new';
const summary = (form: { problems: { href: string; text: string }[] }) =>
  form.problems.map(({ href, text }) => `${href} ${text}`);

const SOURCE: Source = {
  id: 'ircsc-final-report-2022',
  kind: SourceKind.INDEPENDENT_REVIEW,
  title: 'The independent review of children’s social care',
  publisher: 'Josh MacAlister',
  publishedOn: '2022-05-23',
  url: null,
  themes: ['Family help', 'Care'],
  version: 1,
  addedAt: '2022-05-23T00:00:00.000Z',
  correctedAt: null,
};
const decision = { occurredAt: '2026-03-01T10:00:00.000Z', now: new Date('2026-03-01T10:00:00Z') };

describe('the source form in words', () => {
  it('finds every missing answer at once, in the order of the form', () => {
    const form = readSourceForm({ commandId: 'site:abc', title: ' ' }, 'add', TODAY, newId);
    expect(form.commandId).toBe('site:abc');
    expect(summary(form)).toEqual([
      '#id Enter a short name for the source’s web address',
      '#kind Select the kind of source',
      '#title Enter the title of the source',
      '#publisher Enter who published the source',
      '#publishedOn-day Enter the date it was published',
    ]);
    expect(form.errors.title).toEqual({ text: 'Enter the title of the source' });
    expect(form.date.errorMessage).toEqual({ text: 'Enter the date it was published' });
  });

  it('reads the date from its boxes and refuses one in the future or not real', () => {
    const fields = {
      'publishedOn-day': '30',
      'publishedOn-month': '2',
      'publishedOn-year': '2022',
    };
    const notReal = readSourceForm(fields, 'add', TODAY, newId);
    expect(summary(notReal)).toContain(
      '#publishedOn-day The date it was published must be a real date',
    );
    const later = readSourceForm(
      { ...fields, 'publishedOn-day': '2', 'publishedOn-month': '3', 'publishedOn-year': '2026' },
      'add',
      TODAY,
      newId,
    );
    expect(summary(later)).toContain(
      '#publishedOn-day The date it was published must be today or in the past',
    );
    const noMonth = readSourceForm({ ...fields, 'publishedOn-month': '' }, 'add', TODAY, newId);
    expect(summary(noMonth)).toContain(
      '#publishedOn-month The date it was published must include a month',
    );
  });

  it('asks a correction for its reason, never for the short name, and sends every detail', () => {
    const fields = {
      commandId: 'site:fix',
      id: 'posted-but-ignored',
      kind: 'INDEPENDENT_REVIEW',
      title: 'The independent review',
      publisher: 'Josh MacAlister',
      'publishedOn-day': '23',
      'publishedOn-month': '5',
      'publishedOn-year': '2022',
      url: '',
      themes: 'Family help\r\n\r\n  Care \nA new theme\n',
    };
    expect(summary(readSourceForm(fields, 'correct', TODAY, newId))).toEqual([
      '#reason Enter why you are correcting the source',
    ]);
    const form = readSourceForm({ ...fields, reason: 'Its title' }, 'correct', TODAY, newId);
    expect(form.problems).toEqual([]);
    expect(correctSourceRequestOf(SOURCE.id, form)).toEqual({
      commandId: 'site:fix',
      id: SOURCE.id,
      kind: SourceKind.INDEPENDENT_REVIEW,
      title: 'The independent review',
      publisher: 'Josh MacAlister',
      publishedOn: '2022-05-23',
      url: null,
      themes: ['Family help', 'Care', 'A new theme'],
      reason: 'Its title',
    });
  });

  it('makes a new command id for a form posted without one the API takes', () => {
    expect(readSourceForm({ commandId: 'no spaces allowed' }, 'add', TODAY, newId).commandId).toBe(
      'site:new',
    );
  });

  it('fills a correction in with the source, its date in boxes and themes one a line', () => {
    const form = sourceFormOf('site:x', SOURCE);
    expect(form.purpose).toBe('correct');
    expect(form.values).toMatchObject({ kind: 'INDEPENDENT_REVIEW', themes: 'Family help\nCare' });
    expect(form.date.items.map((item) => item.value)).toEqual(['23', '5', '2022']);
    expect(kindItems(form.values.kind).filter((item) => item.checked)).toEqual([
      { value: 'INDEPENDENT_REVIEW', text: 'Independent review', checked: true },
    ]);
    expect(sourceFormOf('site:y').purpose).toBe('add');
  });

  it('says the decider’s refusals beside their fields', () => {
    const add = (changes: Partial<Source>) =>
      refusalWords(
        refusal(() =>
          decide(
            {
              kind: 'AddSource',
              id: 'a-source',
              details: { ...SOURCE, url: null, themes: [], ...changes },
            },
            null,
            { ...decision, reason: null },
          ),
        ),
      );
    expect(
      refusalWords(
        refusal(() =>
          decide({ kind: 'AddSource', id: 'Not An Id', details: { ...SOURCE } }, null, {
            ...decision,
            reason: null,
          }),
        ),
      ),
    ).toEqual({
      field: 'id',
      text: 'The short name must be lower-case letters and digits joined by hyphens, such as ircsc-final-report-2022, and 100 characters or fewer',
    });
    expect(add({ url: 'www.gov.uk/report' })?.field).toBe('url');
    expect(add({ url: 'www.gov.uk/report' })?.text).toMatch(
      /^Enter the link as a whole web address/,
    );
    expect(add({ themes: ['Care', 'Care'] })).toEqual({
      field: 'themes',
      text: 'Give each theme once: "Care" is there more than once',
    });
    expect(add({ title: 'x'.repeat(301) })).toEqual({
      field: 'title',
      text: 'The title must be 300 characters or fewer (it has 301)',
    });
    expect(add({ themes: ['y'.repeat(201)] })?.text).toBe(
      'Each theme must be 200 characters or fewer (it has 201)',
    );
    expect(
      refusalWords(
        refusal(() =>
          decide({ kind: 'AddSource', id: SOURCE.id, details: SOURCE }, SOURCE, {
            ...decision,
            reason: null,
          }),
        ),
      ),
    ).toEqual({
      field: 'id',
      text: 'A source with this short name already exists: choose another',
    });
  });

  it('refuses a correction that removes a theme with the decider’s rule, and one that changes nothing', () => {
    const correct = (changes: Partial<Source>, reason: string | null = 'A reason') =>
      refusalWords(
        refusal(() =>
          decide({ kind: 'CorrectSource', id: SOURCE.id, changes }, SOURCE, {
            ...decision,
            reason,
          }),
        ),
      );
    expect(correct({ themes: ['Care'] })).toEqual({
      field: 'themes',
      text: 'Keep every theme the source has, since recommendations may be filed under them. Add themes or change their order, but do not remove or rename one. Missing: "Family help"',
    });
    expect(correct({ title: SOURCE.title })?.text).toBe(
      'Nothing to correct: the source already has these details. Change an answer, or cancel',
    );
    expect(correct({ title: 'New' }, null)).toEqual({
      field: 'reason',
      text: 'Enter why you are correcting the source',
    });
    expect(refusalWords(new InvalidInputError('somethingElse', 'rule', 'words'))).toBeNull();
    expect(refusalWords(new Error('a failure'))).toBeNull();
  });
});
