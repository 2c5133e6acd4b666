import { dateField, dateProblem, enteredDate, readDateInput } from './date-input';

const ACHIEVED = 'The date the milestone was achieved';
const TODAY = '2026-12-05';
const read = (day: string, month: string, year: string, required = true) =>
  readDateInput({ day, month, year }, ACHIEVED, { required, notAfter: TODAY });

describe('a GOV.UK date input', () => {
  it('reads the boxes of the input named in a form, trimmed', () => {
    expect(
      enteredDate({ 'achievedOn-day': ' 4 ', 'achievedOn-month': '12', other: 'x' }, 'achievedOn'),
    ).toEqual({ day: '4', month: '12', year: '' });
  });

  it('understands a real date, today or before', () => {
    expect(read('4', '12', '2026')).toEqual({
      date: '2026-12-04',
      problem: null,
      wrong: [],
      entered: { day: '4', month: '12', year: '2026' },
    });
    expect(read('05', '12', '2026').date).toBe('2026-12-05');
  });

  it('asks for a required date left empty, and leaves an optional one out', () => {
    expect(read('', '', '')).toMatchObject({
      date: null,
      problem: 'Enter the date the milestone was achieved',
      wrong: ['day', 'month', 'year'],
    });
    expect(read('', '', '', false)).toMatchObject({ date: null, problem: null, wrong: [] });
  });

  it('names the boxes left empty of a partial date', () => {
    expect(read('4', '', '2026')).toMatchObject({
      problem: 'The date the milestone was achieved must include a month',
      wrong: ['month'],
    });
    expect(read('', '12', '')).toMatchObject({
      problem: 'The date the milestone was achieved must include a day and year',
      wrong: ['day', 'year'],
    });
  });

  it('refuses a day that does not exist, letters and short years, marking the boxes at fault', () => {
    expect(read('31', '2', '2026')).toMatchObject({
      problem: 'The date the milestone was achieved must be a real date',
      wrong: ['day', 'month', 'year'],
    });
    expect(read('4', 'Dec', '26')).toMatchObject({
      problem: 'The date the milestone was achieved must be a real date',
      wrong: ['month', 'year'],
    });
  });

  it('refuses a date after today when it must be in the past', () => {
    expect(read('6', '12', '2026')).toMatchObject({
      date: null,
      problem: 'The date the milestone was achieved must be today or in the past',
    });
  });

  it('gives govukDateInput its model and the error summary a link to the first box at fault', () => {
    const partial = read('4', '', '2026');
    expect(dateField('achievedOn', partial)).toEqual({
      id: 'achievedOn',
      date: null,
      errorMessage: { text: 'The date the milestone was achieved must include a month' },
      items: [
        { name: 'day', value: '4', classes: 'govuk-input--width-2' },
        { name: 'month', value: '', classes: 'govuk-input--width-2 govuk-input--error' },
        { name: 'year', value: '2026', classes: 'govuk-input--width-4' },
      ],
    });
    expect(dateProblem('achievedOn', partial)).toEqual([
      {
        text: 'The date the milestone was achieved must include a month',
        href: '#achievedOn-month',
      },
    ]);
    expect(dateProblem('achievedOn', read('4', '12', '2026'))).toEqual([]);
  });
});
