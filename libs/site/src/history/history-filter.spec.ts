import { SEAL_EVENT } from '@app/audit';
import { PUBLIC_FACTS } from '../public-view/public-entry';
import { EVENT_TYPE_NAMES, historyRequestOf, type FilterChoices } from './history-filter';

const choices: FilterChoices = {
  programmeIds: new Set(['family-hubs']),
  recommendationIds: new Set(['CSC-X']),
  areaCodes: new Set(['E09000022', 'E10000006']),
};
const ACCOUNT_EVENT_TYPES = [
  'AccountAdded',
  'AccountChanged',
  'AccountDeactivated',
  'AccountReactivated',
  'AccountSessionsEnded',
  'DigestFrequencyChosen',
];
const values = (field: { items: { value: string }[] }) => field.items.map((item) => item.value);

describe('the history filters', () => {
  it('names every event type the store holds', () => {
    expect(new Set(Object.keys(EVENT_TYPE_NAMES))).toEqual(
      new Set([...Object.keys(PUBLIC_FACTS), SEAL_EVENT, ...ACCOUNT_EVENT_TYPES]),
    );
  });

  it('with nothing chosen, asks for the whole history, newest first, from the first page', () => {
    const request = historyRequestOf({}, choices);
    expect(request).toMatchObject({
      filter: {},
      order: 'newest',
      after: null,
      problems: [],
      filtered: false,
      query: '',
    });
    expect(request.chosen).toEqual({
      eventType: '',
      role: '',
      programmeId: '',
      areaCode: '',
      recommendationId: '',
      dates: 'happened',
      order: 'newest',
    });
  });

  it('reads the lists, the dates of when things happened, the order and the page', () => {
    const request = historyRequestOf(
      {
        eventType: 'MilestoneAchieved',
        role: 'LOCAL_AUTHORITY',
        programmeId: 'family-hubs',
        areaCode: 'E09000022',
        recommendationId: '',
        dates: 'happened',
        'from-day': '1',
        'from-month': '4',
        'from-year': '2026',
        'to-day': '30',
        'to-month': '6',
        'to-year': '2026',
        order: 'oldest',
        after: 'YXVkaXQ6MTI',
      },
      choices,
    );
    expect(request.problems).toEqual([]);
    expect(request.filter).toEqual({
      eventType: 'MilestoneAchieved',
      role: 'LOCAL_AUTHORITY',
      programmeId: 'family-hubs',
      areaCode: 'E09000022',
      occurredFrom: '2026-04-01',
      occurredTo: '2026-06-30',
    });
    expect(request.order).toBe('oldest');
    expect(request.after).toBe('YXVkaXQ6MTI');
    expect(request.filtered).toBe(true);
    // The page is not part of the filters' links: they start from the first page.
    expect(request.query).toBe(
      'eventType=MilestoneAchieved&role=LOCAL_AUTHORITY&programmeId=family-hubs&areaCode=E09000022&dates=happened&from-day=1&from-month=4&from-year=2026&to-day=30&to-month=6&to-year=2026&order=oldest',
    );
  });

  it('filters by when things were recorded', () => {
    const request = historyRequestOf(
      { dates: 'recorded', 'from-day': '02', 'from-month': '5', 'from-year': '2026' },
      choices,
    );
    expect(request.filter).toEqual({ recordedFrom: '2026-05-02' });
    expect(values(request.fields.from)).toEqual(['02', '5', '2026']);
    expect(request.query).toBe('dates=recorded&from-day=02&from-month=5&from-year=2026');
  });

  it('lists every problem at once in the words of the form, keeping what was typed', () => {
    const request = historyRequestOf(
      {
        eventType: 'Nonsense',
        areaCode: 'E99999999',
        'from-day': '31',
        'from-month': '2',
        'from-year': '2026',
        'to-month': '3',
        'to-year': '2026',
      },
      choices,
    );
    expect(request.problems).toEqual([
      { text: 'Select an event type from the list', href: '#eventType' },
      { text: 'Select a local authority from the list', href: '#areaCode' },
      { text: 'The from date must be a real date', href: '#from-day' },
      { text: 'The to date must include a day', href: '#to-day' },
    ]);
    expect(request.errors).toEqual({
      eventType: { text: 'Select an event type from the list' },
      areaCode: { text: 'Select a local authority from the list' },
    });
    expect(values(request.fields.from)).toEqual(['31', '2', '2026']);
    expect(request.fields.to.errorMessage).toEqual({ text: 'The to date must include a day' });
    expect(request.chosen.eventType).toBe('Nonsense');
  });

  it('refuses a to date before the from date, naming the from date', () => {
    const request = historyRequestOf(
      {
        'from-day': '10',
        'from-month': '3',
        'from-year': '2026',
        'to-day': '9',
        'to-month': '3',
        'to-year': '2026',
      },
      choices,
    );
    expect(request.problems).toEqual([
      { text: 'The to date must be the same as or after 10 March 2026', href: '#to-day' },
    ]);
    expect(request.fields.to.items.map((item) => item.classes)).toEqual([
      'govuk-input--width-2 govuk-input--error',
      'govuk-input--width-2 govuk-input--error',
      'govuk-input--width-4 govuk-input--error',
    ]);
    expect(request.filter).toEqual({ occurredFrom: '2026-03-10' });
  });

  it('takes a date range of a single day', () => {
    const day = { 'from-day': '9', 'from-month': '3', 'from-year': '2026' };
    const request = historyRequestOf(
      { ...day, 'to-day': '9', 'to-month': '3', 'to-year': '2026' },
      choices,
    );
    expect(request.problems).toEqual([]);
    expect(request.filter).toEqual({ occurredFrom: '2026-03-09', occurredTo: '2026-03-09' });
  });
});
