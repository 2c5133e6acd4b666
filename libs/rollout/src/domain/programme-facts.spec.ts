import { ErrorCode } from '@app/kernel';
import {
  NOW,
  PROGRAMME,
  PROGRAMME_ID,
  programmeCreated,
  programmeOf,
  refusal,
} from '../testing/scenario';
import { decideProgramme, ProgrammeEvent } from './programme';
import { DatePrecision, factsAsOn, ProgrammeFactCommand } from './programme-facts';

/** The scenario's programme began on 2020-01-01; today is 2025-06-01. */
const context = { occurredAt: NOW.toISOString(), now: NOW, isKnownRecommendation: () => true };
const EVIDENCE = 'https://www.communitycare.co.uk/2020/08/20/trial-extended-21-areas/';

const recordFact = (fields: Partial<ProgrammeFactCommand & { kind: 'RecordProgrammeFact' }> = {}) =>
  ({
    kind: 'RecordProgrammeFact',
    id: PROGRAMME_ID,
    on: '2020-08-20',
    precision: DatePrecision.DAY,
    text: 'Trial extended to 21 council areas',
    url: EVIDENCE,
    ...fields,
  }) as const;

const reachMilestone = (fields: Record<string, string> = {}) =>
  ({
    kind: 'RecordNationalMilestone',
    id: PROGRAMME_ID,
    key: 'trial-start',
    title: 'Randomised trial begins',
    on: '2020-09-01',
    precision: DatePrecision.MONTH,
    url: EVIDENCE,
    ...fields,
  }) as ProgrammeFactCommand;

/** Given the programme's events, when the command is decided, then these events (or a refusal). */
const when = (command: ProgrammeFactCommand, ...given: ProgrammeEvent[]) =>
  decideProgramme(command, programmeOf(programmeCreated, ...given), context);

const factRecorded: ProgrammeEvent = {
  type: 'ProgrammeFactRecorded',
  data: { number: 1, ...recordFact() },
};
const milestoneReached: ProgrammeEvent = {
  type: 'NationalMilestoneReached',
  data: {
    key: 'trial-start',
    title: 'Randomised trial begins',
    on: '2020-09-01',
    precision: DatePrecision.MONTH,
    url: EVIDENCE,
  },
};

describe("a programme's dated facts", () => {
  it('given a programme, when a fact is recorded, then it is numbered and kept with its date, precision and evidence', () => {
    expect(when(recordFact({ text: '  Trial extended to 21 council areas ' }))).toEqual([
      {
        type: 'ProgrammeFactRecorded',
        data: {
          number: 1,
          on: '2020-08-20',
          precision: DatePrecision.DAY,
          text: 'Trial extended to 21 council areas',
          url: EVIDENCE,
        },
      },
    ]);
    expect(when(recordFact({ text: 'Another fact' }), factRecorded)[0].data).toMatchObject({
      number: 2,
    });
  });

  it('refuses the same fact on the same day twice', () => {
    expect(refusal(() => when(recordFact(), factRecorded))).toMatchObject({
      code: ErrorCode.ALREADY_EXISTS,
      details: { field: 'text', number: 1 },
    });
  });

  it.each([
    ['a future date', { on: '2025-06-02' }, 'on', 'notInFuture'],
    ['a date before the programme began', { on: '2019-12-31' }, 'on', 'notBeforeProgramme'],
    ['a date that is not one', { on: '2020-02-30x' }, 'on', 'calendarDate'],
    [
      'a month that is not given as its 1st',
      { on: '2020-09-15', precision: DatePrecision.MONTH },
      'on',
      'firstOfMonth',
    ],
    [
      'a year that is not given as 1 January',
      { on: '2020-09-01', precision: DatePrecision.YEAR },
      'on',
      'firstOfYear',
    ],
    ['an unknown precision', { precision: 'WEEK' as DatePrecision }, 'precision', 'knownPrecision'],
    ['an empty text', { text: '   ' }, 'text', 'required'],
    ['a text over 600 characters', { text: 'x'.repeat(601) }, 'text', 'maxLength'],
    ['a text of two lines', { text: 'one\ntwo' }, 'text', 'singleLine'],
    ['evidence that is not a web address', { url: 'family-hubs.pdf' }, 'url', 'webAddress'],
    ['evidence on another protocol', { url: 'ftp://example.org/file' }, 'url', 'webAddress'],
  ])('refuses %s, naming the field and the rule', (_, fields, field, rule) => {
    expect(refusal(() => when(recordFact(fields))).details).toEqual({ field, rule });
  });

  it('refuses a fact on a programme that does not exist', () => {
    expect(refusal(() => decideProgramme(recordFact(), null, context)).code).toBe(
      ErrorCode.NOT_FOUND,
    );
  });

  it('given a fact, when corrected, then only the fields that changed are written', () => {
    const correction = {
      kind: 'CorrectProgrammeFact',
      id: PROGRAMME_ID,
      number: 1,
      changes: { on: '2020-08-21', text: 'Trial extended to 21 council areas' },
    } as const;
    expect(when(correction, factRecorded)).toEqual([
      { type: 'ProgrammeFactCorrected', data: { number: 1, on: '2020-08-21' } },
    ]);
    const corrected = programmeOf(
      programmeCreated,
      factRecorded,
      ...when(correction, factRecorded),
    );
    expect(corrected.facts).toEqual([{ ...factRecorded.data, on: '2020-08-21' }]);
  });

  it('refuses a correction that changes nothing, breaks a rule, or names no fact', () => {
    const correct = (number: number, changes: object) =>
      ({ kind: 'CorrectProgrammeFact', id: PROGRAMME_ID, number, changes }) as ProgrammeFactCommand;
    expect(
      refusal(() => when(correct(1, { text: 'Trial extended to 21 council areas' }), factRecorded))
        .details,
    ).toEqual({
      field: 'changes',
      rule: 'changesSomething',
    });
    expect(refusal(() => when(correct(1, { url: 'nowhere' }), factRecorded)).details).toEqual({
      field: 'url',
      rule: 'webAddress',
    });
    expect(refusal(() => when(correct(2, { text: 'New' }), factRecorded)).code).toBe(
      ErrorCode.NOT_FOUND,
    );
  });
});

describe("a programme's national milestones", () => {
  it('given a programme, when a national milestone is reached, then it is kept by its key', () => {
    expect(when(reachMilestone())).toEqual([milestoneReached]);
    expect(programmeOf(programmeCreated, milestoneReached).nationalMilestones).toEqual([
      milestoneReached.data,
    ]);
  });

  it('refuses a key already reached, a badly formed key, a future date and an empty title', () => {
    expect(refusal(() => when(reachMilestone(), milestoneReached))).toMatchObject({
      code: ErrorCode.ALREADY_EXISTS,
      details: { field: 'key', key: 'trial-start' },
    });
    expect(refusal(() => when(reachMilestone({ key: 'Trial Start' }))).details).toEqual({
      field: 'key',
      rule: 'milestoneKey',
    });
    expect(refusal(() => when(reachMilestone({ on: '2027-04-01' }))).details).toEqual({
      field: 'on',
      rule: 'notInFuture',
    });
    expect(refusal(() => when(reachMilestone({ title: '' }))).details).toEqual({
      field: 'title',
      rule: 'required',
    });
  });

  it('given a national milestone, when corrected, then the change is written and folded', () => {
    const correction = {
      kind: 'CorrectNationalMilestone',
      id: PROGRAMME_ID,
      key: 'trial-start',
      changes: { title: 'Trial begins' },
    } as const;
    const events = when(correction, milestoneReached);
    expect(events).toEqual([
      { type: 'NationalMilestoneCorrected', data: { key: 'trial-start', title: 'Trial begins' } },
    ]);
    expect(
      programmeOf(programmeCreated, milestoneReached, ...events).nationalMilestones[0].title,
    ).toBe('Trial begins');
    expect(refusal(() => when({ ...correction, key: 'trial-end' }, milestoneReached)).code).toBe(
      ErrorCode.NOT_FOUND,
    );
  });
});

describe('facts as they stood on a day', () => {
  it('counts only what was dated by that day, oldest first', () => {
    const later: ProgrammeEvent = {
      type: 'ProgrammeFactRecorded',
      data: { number: 2, ...recordFact({ on: '2020-05-21', text: 'Expansion funded' }) },
    };
    const programme = programmeOf(programmeCreated, factRecorded, later, milestoneReached);
    expect(factsAsOn(programme, '2020-08-31')).toEqual({
      facts: [later.data, factRecorded.data],
      nationalMilestones: [],
    });
    expect(factsAsOn(programme, '2020-06-01').facts).toEqual([later.data]);
    expect(factsAsOn(programme, '2020-09-01').nationalMilestones).toEqual([milestoneReached.data]);
    expect(PROGRAMME.facts).toEqual([]);
  });
});
