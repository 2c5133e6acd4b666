import { CURRENT } from '@app/kernel';
import { asOfQuery, pastDateInput } from './as-of';

const NOW = new Date('2026-12-05T10:00:00Z');
const values = (field: { items: { value: string }[] }) => field.items.map((item) => item.value);

describe('the "as of" controls', () => {
  it('with nothing asked, shows things now and says so', () => {
    const asOf = asOfQuery({}, NOW);
    expect(asOf.slice).toEqual(CURRENT);
    expect(asOf.asOfLabel).toBe('as of 5 December 2026');
    expect(asOf.problems).toEqual([]);
    expect(asOf.query).toBe('');
  });

  it('reads the GOV.UK date inputs into a time slice: the end of that day in England', () => {
    const asOf = asOfQuery(
      {
        'validAt-day': '31',
        'validAt-month': '1',
        'validAt-year': '2026',
        'asOf-day': ' 1 ',
        'asOf-month': '2',
        'asOf-year': '2026',
      },
      NOW,
    );
    expect(asOf.problems).toEqual([]);
    expect(asOf.slice).toEqual({
      validAt: '2026-01-31T23:59:59.999Z',
      asOf: '2026-02-01T23:59:59.999Z',
    });
    expect(asOf.asOfLabel).toBe(
      'as things stood on 31 January 2026, as recorded on 1 February 2026',
    );
    expect(asOf.query).toBe('validAt=2026-01-31&asOf=2026-02-01');
  });

  it('reads ISO dates from links, and fills the date inputs with them', () => {
    const asOf = asOfQuery({ validAt: '2026-07-01' }, NOW);
    // 1 July is in British Summer Time: its end is 22:59:59.999 UTC.
    expect(asOf.slice).toEqual({ validAt: '2026-07-01T22:59:59.999Z', asOf: null });
    expect(asOf.asOfLabel).toBe('as things stood on 1 July 2026');
    expect(values(asOf.fields.validAt)).toEqual(['1', '7', '2026']);
  });

  it('lists every problem in the words of the form, linked to the field, and leaves those dates out', () => {
    const asOf = asOfQuery(
      {
        'validAt-day': '31',
        'validAt-month': '2',
        'validAt-year': '2026',
        'asOf-day': '3',
        'asOf-year': '2026',
      },
      NOW,
    );
    expect(asOf.problems).toEqual([
      { text: 'The date things stood on must be a real date', href: '#validAt-day' },
      { text: 'The date things were recorded on must include a month', href: '#asOf-month' },
    ]);
    expect(asOf.slice).toEqual(CURRENT);
    expect(asOf.fields.validAt.errorMessage).toEqual({
      text: 'The date things stood on must be a real date',
    });
    expect(asOf.fields.asOf.items.map((item) => item.classes)).toEqual([
      'govuk-input--width-2',
      'govuk-input--width-2 govuk-input--error',
      'govuk-input--width-4',
    ]);
    // What was entered is kept, so it can be corrected.
    expect(values(asOf.fields.validAt)).toEqual(['31', '2', '2026']);
  });

  it('refuses letters, short years, dates in the future and ISO text that is not a date', () => {
    const problem = (query: Record<string, string>) => asOfQuery(query, NOW).problems[0]?.text;
    expect(problem({ 'validAt-day': 'x', 'validAt-month': '1', 'validAt-year': '2026' })).toBe(
      'The date things stood on must be a real date',
    );
    expect(problem({ 'validAt-day': '1', 'validAt-month': '1', 'validAt-year': '26' })).toBe(
      'The date things stood on must be a real date',
    );
    expect(problem({ 'asOf-day': '6', 'asOf-month': '12', 'asOf-year': '2026' })).toBe(
      'The date things were recorded on must be today or in the past',
    );
    expect(problem({ validAt: 'yesterday' })).toBe('The date things stood on must be a real date');
    expect(problem({ validAt: '2026-02-30' })).toBe('The date things stood on must be a real date');
    expect(problem({ 'validAt-month': '1' })).toBe(
      'The date things stood on must include a day and year',
    );
  });
});

describe('pastDateInput', () => {
  const since = (query: Record<string, string>) =>
    pastDateInput(query, 'since', 'The date to show changes since', '2026-12-05', '2026-11-07');

  it('left empty, is the fallback date, shown in the input', () => {
    const { field, problem } = since({});
    expect(problem).toBeNull();
    expect(field.date).toBe('2026-11-07');
    expect(values(field)).toEqual(['7', '11', '2026']);
  });

  it('reads the date entered, and names its problem in the words given, linked to its field', () => {
    expect(since({ 'since-day': '1', 'since-month': '10', 'since-year': '2026' }).field.date).toBe(
      '2026-10-01',
    );
    const wrong = since({ 'since-day': '1', 'since-year': '2026' });
    expect(wrong.problem).toEqual({
      text: 'The date to show changes since must include a month',
      href: '#since-month',
    });
    expect(wrong.field.date).toBeNull();
    expect(wrong.field.errorMessage).toEqual({ text: wrong.problem!.text });
  });
});
