import { changesRequestOf } from './changes-filter';

const TODAY = '2026-12-05';

describe("the changes page's question", () => {
  it('shows the form alone on a first visit', () => {
    expect(changesRequestOf({}, TODAY)).toMatchObject({ problems: [], dates: null });
  });

  it('reads the dates from the GOV.UK date inputs on the business axis by default', () => {
    const request = changesRequestOf(
      {
        'from-day': '1',
        'from-month': '1',
        'from-year': '2024',
        'to-day': '31',
        'to-month': '3',
        'to-year': '2024',
      },
      TODAY,
    );
    expect(request).toMatchObject({
      axis: 'happened',
      problems: [],
      dates: { occurredFrom: '2024-01-01', occurredTo: '2024-03-31' },
      label: 'between 1 January 2024 and 31 March 2024, by the date things happened',
      query: 'from=2024-01-01&to=2024-03-31&axis=happened',
    });
  });

  it('reads ISO dates from a link, on the recorded axis when asked', () => {
    expect(
      changesRequestOf({ from: '2024-01-01', to: '2024-03-31', axis: 'recorded' }, TODAY).dates,
    ).toEqual({
      recordedFrom: '2024-01-01',
      recordedTo: '2024-03-31',
    });
  });

  it('names the field and the rule of every problem, and reads nothing', () => {
    const missing = changesRequestOf({ 'to-day': '31', 'to-month': '3', 'to-year': '2024' }, TODAY);
    expect(missing.problems).toEqual([{ text: 'Enter the from date', href: '#from-day' }]);
    expect(missing.dates).toBeNull();
    const backwards = changesRequestOf({ from: '2024-03-31', to: '2024-01-01' }, TODAY);
    expect(backwards.problems).toEqual([
      { text: 'The to date must be the same as or after 31 March 2024', href: '#to-day' },
    ]);
    const unreal = changesRequestOf(
      { 'from-day': '31', 'from-month': '2', 'from-year': '2024', to: '2024-03-01' },
      TODAY,
    );
    expect(unreal.problems[0].text).toBe('The from date must be a real date');
    expect(
      changesRequestOf({ from: '2024-01-01', to: '2027-01-01' }, TODAY).problems[0].text,
    ).toMatch(/^The to date must be today or in the past/);
  });
});
