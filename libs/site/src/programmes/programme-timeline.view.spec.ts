import { DatePrecision, type NationalMilestone, type ProgrammeFact } from '@app/rollout';
import { datedAs, programmeTimeline, siteOf } from './programme-timeline.view';

const budget: ProgrammeFact = {
  number: 1,
  on: '2021-10-01',
  precision: DatePrecision.MONTH,
  text: 'Autumn Budget 2021 announced GBP 301.75m',
  url: 'https://www.necsu.nhs.uk/hartlepool-jsna/',
};
const selected: ProgrammeFact = {
  number: 2,
  on: '2023-02-09',
  precision: DatePrecision.DAY,
  text: '14 trailblazers selected',
  url: 'https://www.localgov.co.uk/Family-hubs-receive-300m-boost/55592',
};
const trailblazers: NationalMilestone = {
  key: 'trailblazers',
  title: 'Trailblazers selected',
  on: '2023-02-09',
  precision: DatePrecision.DAY,
  url: 'https://www.gov.uk/government/publications/trailblazers',
};

describe('a programme timeline', () => {
  it('writes a date as exactly as it is known', () => {
    expect(datedAs('2023-02-09', DatePrecision.DAY)).toBe('9 February 2023');
    expect(datedAs('2021-10-01', DatePrecision.MONTH)).toBe('October 2021');
    expect(datedAs('2023-01-01', DatePrecision.YEAR)).toBe('2023');
  });

  it('names a link by its site, without "www."', () => {
    expect(siteOf('https://www.gov.uk/government/publications/x')).toBe('gov.uk');
    expect(siteOf('http://govwire.co.uk/news/69468')).toBe('govwire.co.uk');
  });

  it('lists facts newest first and milestones in the order reached, each with its site', () => {
    const timeline = programmeTimeline([budget, selected], [trailblazers], []);
    expect(timeline.facts).toEqual([
      {
        date: '9 February 2023',
        datetime: '2023-02-09',
        text: '14 trailblazers selected',
        url: selected.url,
        site: 'localgov.co.uk',
      },
      {
        date: 'October 2021',
        datetime: '2021-10',
        text: budget.text,
        url: budget.url,
        site: 'necsu.nhs.uk',
      },
    ]);
    expect(timeline.nationalMilestones).toEqual([
      {
        date: '9 February 2023',
        datetime: '2023-02-09',
        text: 'Trailblazers selected',
        url: trailblazers.url,
        site: 'gov.uk',
      },
    ]);
  });

  it('lists each page cited once, by the title the catalogue knows, else by its site and date', () => {
    const again: ProgrammeFact = { ...selected, number: 3, on: '2023-03-01', text: 'Later' };
    const timeline = programmeTimeline(
      [budget, selected, again],
      [trailblazers],
      [
        // The same page as the milestone's, written with another scheme and a closing slash.
        { url: 'http://gov.uk/government/publications/trailblazers/', title: 'Trailblazers list' },
        { url: null, title: 'A source with no web address' },
      ],
    );
    expect(timeline.sources).toEqual([
      { url: budget.url, text: 'necsu.nhs.uk, October 2021' },
      { url: selected.url, text: 'localgov.co.uk, 9 February 2023' },
      { url: trailblazers.url, text: 'Trailblazers list' },
    ]);
  });

  it('has nothing to list for a programme with no facts yet', () => {
    expect(programmeTimeline([], [], [])).toEqual({
      facts: [],
      nationalMilestones: [],
      sources: [],
    });
  });
});
