import {
  emptyMilestoneForm,
  emptyStatusForm,
  readMilestoneForm,
  readStatusForm,
  withRefusal,
} from './report-forms';

const TODAY = '2026-12-05';
const KEYS = ['schools-recruited', 'social-workers-in-post'];
const newId = () => 'site:new';
const date = (name: string, day: string, month: string, year: string) => ({
  [`${name}-day`]: day,
  [`${name}-month`]: month,
  [`${name}-year`]: year,
});
const milestone = (fields: Record<string, string>) =>
  readMilestoneForm(
    { milestoneKey: 'schools-recruited', ...date('achievedOn', '4', '12', '2026'), ...fields },
    KEYS,
    TODAY,
    newId,
  );
const status = (fields: Record<string, string>) =>
  readStatusForm(
    {
      rag: 'AMBER',
      commentary: 'Recruiting is slow',
      ...date('periodStart', '1', '10', '2026'),
      ...date('periodEnd', '31', '12', '2026'),
      ...fields,
    },
    TODAY,
    newId,
  );
const summary = (form: { problems: { text: string; href: string }[] }) =>
  form.problems.map((problem) => [problem.href, problem.text]);

describe('the milestone form', () => {
  it('turns a good form into the report the API takes, trimmed, without an empty note', () => {
    const form = milestone({
      evidence: ' https://example.org/plan.pdf ',
      note: '  \n ',
      commandId: 'site:abc',
    });
    expect(form.problems).toEqual([]);
    expect(form.report).toEqual({
      milestoneKey: 'schools-recruited',
      achievedOn: '2026-12-04',
      evidence: ['https://example.org/plan.pdf'],
      note: null,
    });
    expect(form.commandId).toBe('site:abc');
    expect(milestone({ note: ' Six schools \n' }).report).toMatchObject({
      evidence: [],
      note: 'Six schools',
    });
  });

  it('lists every problem at once, in the order of the form, each beside its field', () => {
    const form = readMilestoneForm(
      {
        ...date('achievedOn', '6', '12', '2026'),
        evidence: 'the shared drive',
        note: 'x'.repeat(4001),
      },
      KEYS,
      TODAY,
      newId,
    );
    expect(summary(form)).toEqual([
      ['#milestoneKey', 'Select the milestone that was achieved'],
      ['#achievedOn-day', 'The date the milestone was achieved must be today or in the past'],
      [
        '#evidence',
        'Enter the link to the evidence as a web address starting with https:// or http://, like https://www.example.com/report',
      ],
      ['#note', 'The note must be 4,000 characters or less'],
    ]);
    expect(form.errors.milestoneKey).toEqual({ text: 'Select the milestone that was achieved' });
    expect(form.dates.achievedOn.errorMessage).toEqual({
      text: 'The date the milestone was achieved must be today or in the past',
    });
    expect(form.report).toBeNull();
    // What was typed is kept, to be corrected.
    expect(form.values.evidence).toBe('the shared drive');
    expect(form.dates.achievedOn.items.map((item) => item.value)).toEqual(['6', '12', '2026']);
  });

  it('asks for the date, names what a partial date lacks, and refuses a date that is not real', () => {
    const problem = (day: string, month: string, year: string) =>
      summary(milestone(date('achievedOn', day, month, year)));
    expect(problem('', '', '')).toEqual([
      ['#achievedOn-day', 'Enter the date the milestone was achieved'],
    ]);
    expect(problem('4', '', '2026')).toEqual([
      ['#achievedOn-month', 'The date the milestone was achieved must include a month'],
    ]);
    expect(problem('30', '2', '2026')).toEqual([
      ['#achievedOn-day', 'The date the milestone was achieved must be a real date'],
    ]);
  });

  it("refuses a milestone that is not the programme's, and evidence that breaks the text rule", () => {
    expect(summary(milestone({ milestoneKey: 'made-up' }))).toEqual([
      ['#milestoneKey', 'Select the milestone that was achieved'],
    ]);
    expect(summary(milestone({ evidence: 'https://example.org/\u202Eevil' }))).toEqual([
      [
        '#evidence',
        'The link to the evidence must not include hidden characters, such as control or formatting characters',
      ],
    ]);
    expect(summary(milestone({ evidence: 'ftp://example.org/plan' }))[0][0]).toBe('#evidence');
  });

  it('keeps the command id it was shown with, or makes one when it is missing or malformed', () => {
    expect(milestone({ commandId: 'site:1f2e' }).commandId).toBe('site:1f2e');
    expect(milestone({ commandId: 'bad id!' }).commandId).toBe('site:new');
    expect(milestone({}).commandId).toBe('site:new');
  });

  it('starts empty, with no problem', () => {
    const form = emptyMilestoneForm('site:x');
    expect(form.problems).toEqual([]);
    expect(form.dates.achievedOn.items.map((item) => item.value)).toEqual(['', '', '']);
  });
});

describe('the status form', () => {
  it('turns a good form into the report the API takes', () => {
    const form = status({ commentary: ' Recruiting is slow \n' });
    expect(form.problems).toEqual([]);
    expect(form.report).toEqual({
      rag: 'AMBER',
      commentary: 'Recruiting is slow',
      periodStart: '2026-10-01',
      periodEnd: '2026-12-31',
    });
  });

  it('lists every problem at once', () => {
    const form = readStatusForm(
      { rag: 'PURPLE', commentary: '  ', ...date('periodStart', '6', '12', '2026') },
      TODAY,
      newId,
    );
    expect(summary(form)).toEqual([
      ['#rag', 'Select the status: red, amber or green'],
      ['#commentary', 'Enter the commentary'],
      ['#periodStart-day', 'The first day of the period must be today or in the past'],
      ['#periodEnd-day', 'Enter the last day of the period'],
    ]);
    expect(form.report).toBeNull();
  });

  it('refuses a period that ends before it starts, marking the last day', () => {
    const form = status(date('periodEnd', '30', '9', '2026'));
    expect(summary(form)).toEqual([
      ['#periodEnd-day', 'The last day of the period must be the same as or after the first day'],
    ]);
    expect(form.dates.periodEnd.items.every((item) => item.classes.includes('--error'))).toBe(true);
    expect(form.report).toBeNull();
  });

  it('starts empty', () => {
    expect(emptyStatusForm('site:x').dates.periodEnd.errorMessage).toBeNull();
  });
});

describe('a refusal shown on a form', () => {
  it('goes beside the field it is about, a date input marked as a whole', () => {
    const form = withRefusal(milestone({}), 'milestone', {
      fact: 'achievedOn',
      text: 'Lambeth was replaced',
    });
    expect(summary(form)).toEqual([['#achievedOn-day', 'Lambeth was replaced']]);
    expect(form.dates.achievedOn.errorMessage).toEqual({ text: 'Lambeth was replaced' });
    expect(form.dates.achievedOn.items.every((item) => item.classes.includes('--error'))).toBe(
      true,
    );
    expect(form.report).toBeNull();
  });

  it("about none of the form's fields, goes beside its first, and may replace the command id", () => {
    const form = withRefusal(status({}), 'status', {
      fact: 'areaCode',
      text: 'Lambeth is not enrolled',
      commandId: 'site:other',
    });
    expect(summary(form)).toEqual([['#rag', 'Lambeth is not enrolled']]);
    expect(form.errors.rag).toEqual({ text: 'Lambeth is not enrolled' });
    expect(form.commandId).toBe('site:other');
    expect(withRefusal(milestone({}), 'milestone', { fact: null, text: 'Sent' }).errors).toEqual({
      milestoneKey: { text: 'Sent' },
    });
  });
});
