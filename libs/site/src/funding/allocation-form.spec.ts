import { fundingInputProblems } from '@app/funding';
import { DomainError, ErrorCode, InvalidInputError } from '@app/kernel';
import {
  type AllocationFormRules,
  allocationFormOf,
  announcedField,
  checkAnswerRows,
  inputProblemWords,
  periodChoices,
  readAllocationForm,
  readPounds,
  refusalWords,
} from './allocation-form';

const LAMBETH = 'E09000022';
const SWIS = 'social-workers-in-schools';
const TODAY = '2025-06-01';
const newId = () => 'site:new';

const rules = (overrides: Partial<AllocationFormRules> = {}): AllocationFormRules => ({
  kind: 'record',
  today: TODAY,
  periods: periodChoices(TODAY),
  isArea: (code) => code === LAMBETH,
  isProgramme: (id) => id === SWIS,
  ...overrides,
});

const answers = {
  commandId: 'site:kept',
  areaCode: LAMBETH,
  programmeId: SWIS,
  amount: '1,250,000',
  period: '2024-04-01/2025-03-31',
  'allocatedOn-day': '15',
  'allocatedOn-month': '3',
  'allocatedOn-year': '2024',
  sourceUrl: 'https://www.gov.uk/government/publications/determination',
  fundingSource: 'Department for Education',
  grantName: '',
  reason: '',
};

describe('an amount in pounds', () => {
  it.each([
    ['1,250,000', 125_000_000],
    ['1250000.50', 125_000_050],
    ['£1,234.5', 123_450],
    ['0.01', 1],
  ])('reads %s as %i pence, exactly', (typed, pence) => {
    expect(readPounds(typed)).toEqual({ pence });
  });

  it.each([
    ['', 'Enter the amount allocated, in pounds'],
    ['0', 'The amount must be more than £0'],
    ['0.00', 'The amount must be more than £0'],
    ['-5', 'The amount must be more than £0'],
    ['12.345', 'The amount must not have more than 2 decimal places, like 1250000.50'],
    ['12,34', 'Enter the amount in pounds as a number, like 1,250,000 or 1250000.50'],
    ['ten pounds', 'Enter the amount in pounds as a number, like 1,250,000 or 1250000.50'],
    ['999999999999999999', 'The amount is too large'],
  ])('refuses "%s" in words', (typed, problem) => {
    expect(readPounds(typed)).toEqual({ problem });
  });
});

describe('the financial years offered', () => {
  it('runs from the one after next back to 2020 to 2021, April to March', () => {
    const years = periodChoices(TODAY);
    expect(years[0]).toEqual({ value: '2027-04-01/2028-03-31', text: '2027 to 2028' });
    expect(years.at(-1)).toEqual({ value: '2020-04-01/2021-03-31', text: '2020 to 2021' });
    // Before April, the year is still last year's financial year.
    expect(periodChoices('2025-03-31')[0].text).toBe('2026 to 2027');
  });

  it("keeps a corrected allocation's own period when it is not a financial year", () => {
    expect(periodChoices(TODAY, { start: '2024-04-01', end: '2024-09-30' })[0]).toEqual({
      value: '2024-04-01/2024-09-30',
      text: '1 April 2024 to 30 September 2024',
    });
    expect(periodChoices(TODAY, { start: '2024-04-01', end: '2025-03-31' })).toHaveLength(8);
  });
});

describe('the grant allocation form', () => {
  it('asks the API what it asks: the allocation in pence and its period, under the form’s command id', () => {
    const { form, request } = readAllocationForm(answers, newId, rules());
    expect(form.problems).toEqual([]);
    expect(request).toEqual({
      kind: 'AllocateGrant',
      commandId: 'site:kept',
      programmeId: SWIS,
      areaCode: LAMBETH,
      amountPence: 125_000_000,
      periodStart: '2024-04-01',
      periodEnd: '2025-03-31',
      sourceUrl: 'https://www.gov.uk/government/publications/determination',
      allocatedOn: '2024-03-15',
      fundingSource: 'Department for Education',
      grantName: null,
      reason: null,
    });
    expect(fundingInputProblems(request!)).toEqual([]);
  });

  it('says every problem at once, in the order of the form, and keeps what was typed', () => {
    const { form, request } = readAllocationForm(
      {
        commandId: '<script>',
        areaCode: 'E99999999',
        amount: '12.345',
        period: '1999-04-01/2000-03-31',
        'allocatedOn-day': '1',
        'allocatedOn-month': '1',
        'allocatedOn-year': '2030',
        fundingSource: ' ',
      },
      newId,
      rules(),
    );
    expect(request).toBeNull();
    expect(form.commandId).toBe('site:new');
    expect(form.problems).toEqual([
      { text: 'Select the local authority', href: '#areaCode' },
      { text: 'Select the programme', href: '#programmeId' },
      {
        text: 'The amount must not have more than 2 decimal places, like 1250000.50',
        href: '#amount',
      },
      { text: 'Select the financial year the grant is for', href: '#period' },
      {
        text: 'The date the allocation was announced must be today or in the past',
        href: '#allocatedOn-day',
      },
      {
        text: 'Enter the address where the allocation is published, such as the grant determination',
        href: '#sourceUrl',
      },
      { text: 'Enter who pays, like Department for Education', href: '#fundingSource' },
    ]);
    expect(form.values.amount).toBe('12.345');
    expect(announcedField(form).items.map((item) => item.value)).toEqual(['1', '1', '2030']);
    expect(announcedField(form).items[0].classes).toContain('govuk-input--error');
  });

  it('links a date missing its month to the month box', () => {
    const { form } = readAllocationForm({ ...answers, 'allocatedOn-month': '' }, newId, rules());
    expect(form.problems).toEqual([
      {
        text: 'The date the allocation was announced must include a month',
        href: '#allocatedOn-month',
      },
    ]);
  });

  it('corrects the allocation it is about, and asks why', () => {
    const allocation = { allocationId: 'a-1', areaCode: LAMBETH, programmeId: SWIS };
    const missing = readAllocationForm(answers, newId, rules({ kind: 'correct', allocation }));
    expect(missing.form.problems).toEqual([
      { text: 'Enter why you are correcting the allocation', href: '#reason' },
    ]);
    const { request } = readAllocationForm(
      { ...answers, areaCode: 'ignored', reason: 'Revised determination' },
      newId,
      rules({ kind: 'correct', allocation }),
    );
    expect(request).toMatchObject({
      kind: 'CorrectGrantAllocation',
      allocationId: 'a-1',
      programmeId: SWIS,
      amountPence: 125_000_000,
      reason: 'Revised determination',
    });
    expect(request).not.toHaveProperty('areaCode');
  });

  it('withdraws with a reason only', () => {
    const allocation = { allocationId: 'a-1', areaCode: LAMBETH, programmeId: SWIS };
    const withdraw = rules({ kind: 'withdraw', allocation });
    expect(readAllocationForm({ commandId: 'site:w' }, newId, withdraw).form.problems).toEqual([
      { text: 'Enter why you are withdrawing the allocation', href: '#reason' },
    ]);
    expect(
      readAllocationForm({ commandId: 'site:w', reason: 'Recorded twice' }, newId, withdraw)
        .request,
    ).toEqual({
      kind: 'WithdrawGrantAllocation',
      commandId: 'site:w',
      programmeId: SWIS,
      allocationId: 'a-1',
      reason: 'Recorded twice',
    });
  });

  it("puts the API input's refusals beside their fields, named as the form names them", () => {
    const { request } = readAllocationForm(
      { ...answers, sourceUrl: 'www.gov.uk/determination', grantName: 'x'.repeat(301) },
      newId,
      rules(),
    );
    expect(inputProblemWords(fundingInputProblems(request!))).toEqual({
      sourceUrl:
        'The address of the published allocation must be a whole web address, starting https://',
      grantName: expect.stringMatching(/^The grant's name must be 300 characters or fewer/),
    });
  });

  it("puts the funding context's refusals beside their fields, in words", () => {
    const said = (error: unknown) => refusalWords(error, 'Lambeth');
    expect(
      said(new DomainError(ErrorCode.ALREADY_EXISTS, 'exists', { field: 'periodStart' })),
    ).toEqual({
      field: 'period',
      text: 'Lambeth already has a grant from this programme for this period: correct that allocation instead',
    });
    const replaced =
      'Cumbria was replaced on 2023-04-01 by Cumberland (E06000063) and Westmorland and Furness (E06000064); a period reaching past that is allocated to the successors';
    expect(said(new DomainError(ErrorCode.AREA_REPLACED, replaced, { field: 'areaCode' }))).toEqual(
      { field: 'areaCode', text: replaced },
    );
    expect(said(new InvalidInputError('allocationId', 'changesSomething', 'Nothing'))).toEqual({
      field: 'amount',
      text: 'Change at least one detail to correct the allocation',
    });
    // Access and failures are the pages' filter's to show.
    expect(said(new DomainError(ErrorCode.FORBIDDEN, 'no'))).toBeNull();
    expect(said(new Error('boom'))).toBeNull();
  });

  it('shows the answers to check in words, the amount to the penny', () => {
    const { form } = readAllocationForm({ ...answers, amount: '1250000.5' }, newId, rules());
    const rows = checkAnswerRows(form, {
      areaName: 'Lambeth',
      programmeName: 'Social Workers in Schools',
      period: '2024 to 2025',
    });
    expect(rows.map((row) => [row.key.text, row.value.text])).toEqual([
      ['Local authority', 'Lambeth'],
      ['Programme', 'Social Workers in Schools'],
      ['Amount', '£1,250,000.50'],
      ['Financial year', '2024 to 2025'],
      ['Date announced', '15 March 2024'],
      ['Published at', 'https://www.gov.uk/government/publications/determination'],
      ['Who pays', 'Department for Education'],
      ["Grant's name", 'None given'],
      ['Note', 'None given'],
    ]);
  });

  it('starts empty with the area and programme of the link, paying by the Department', () => {
    const form = allocationFormOf('site:1', { areaCode: LAMBETH, programmeId: SWIS });
    expect(form.values).toMatchObject({
      areaCode: LAMBETH,
      programmeId: SWIS,
      amount: '',
      fundingSource: 'Department for Education',
    });
  });
});
