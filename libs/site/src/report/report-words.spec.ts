import { DomainError, ErrorCode, refusal, Role } from '@app/kernel';
import {
  areaDecisionContext,
  type AreaRolloutCommand,
  type AreaRolloutState,
  authorize,
  decideAreaRollout,
  evolveProgramme,
  Rag,
} from '@app/rollout';
import { type About, type Names, refusalOf, refusalText, textRuleProblem } from './report-words';

const LAMBETH = 'E09000022';
const CUMBRIA = 'E10000006';
const NAMES: Record<string, string> = {
  [LAMBETH]: 'Lambeth',
  E09000028: 'Southwark',
  [CUMBRIA]: 'Cumbria',
  E06000063: 'Cumberland',
  E06000064: 'Westmorland and Furness',
};
const names: Names = {
  areaName: (code) => NAMES[code] ?? code,
  programmeName: 'Social Workers in Schools',
  milestones: [
    { key: 'schools-recruited', title: 'Schools recruited' },
    { key: 'social-workers-in-post', title: 'Social workers in post' },
  ],
};
const programme = evolveProgramme(
  null,
  {
    type: 'ProgrammeCreated',
    data: {
      id: 'swis',
      name: 'Social Workers in Schools',
      recommendations: ['CSC-SWIS'],
      milestones: names.milestones.map((m) => ({ ...m, description: null })),
    },
  },
  '2020-01-01T00:00:00.000Z',
);
const enrolled: AreaRolloutState = {
  programmeId: 'swis',
  areaCode: LAMBETH,
  version: 2,
  enrolledOn: '2024-01-01',
  pilot: false,
  wave: null,
  withdrawnOn: null,
  achievements: { 'schools-recruited': { achievedOn: '2024-03-04', note: null, evidence: [] } },
  targets: {},
  status: null,
};
const NOW = new Date('2026-12-05T12:00:00Z');

/** The rollout context's own refusal of a command on an area. */
const refused = (
  command: AreaRolloutCommand,
  state: AreaRolloutState | null,
  areaCode = LAMBETH,
): DomainError =>
  refusal(() =>
    decideAreaRollout(
      command,
      state,
      areaDecisionContext(
        { has: (code) => code in NAMES, get: (code) => ({ name: NAMES[code] }) },
        {
          reason: null,
          occurredAt: '2026-12-01T00:00:00.000Z',
          now: NOW,
          programmeId: 'swis',
          areaCode,
          programme,
          succession:
            areaCode === CUMBRIA
              ? {
                  areaCode: CUMBRIA,
                  successors: ['E06000063', 'E06000064'],
                  effectiveFrom: '2023-04-01',
                }
              : null,
          inheritance: null,
        },
      ),
    ),
  );
const report = (milestoneKey: string, achievedOn: string): AreaRolloutCommand => ({
  kind: 'ReportMilestone',
  milestoneKey,
  achievedOn,
  note: null,
});
const MILESTONE: About = {
  areaCode: LAMBETH,
  milestoneKey: 'schools-recruited',
  dateFact: 'achievedOn',
};
const STATUS: About = { areaCode: LAMBETH, dateFact: 'periodEnd' };
const said = (error: DomainError, about: About = MILESTONE) =>
  refusalText(refusalOf(error), about, names);

describe("the API's refusals in the words of the forms", () => {
  it('names the milestone already reported, and the date it was', () => {
    expect(said(refused(report('schools-recruited', '2024-05-01'), enrolled))).toEqual({
      fact: 'milestoneKey',
      text: 'Schools recruited was already reported as achieved on 4 March 2024',
    });
  });

  it('puts a date in the future beside the date it is about', () => {
    expect(said(refused(report('social-workers-in-post', '2026-12-06'), enrolled))).toEqual({
      fact: 'achievedOn',
      text: 'The date the milestone was achieved must be today or in the past',
    });
    const status: AreaRolloutCommand = {
      kind: 'ReportStatus',
      rag: Rag.RED,
      commentary: 'Late',
      periodStart: '2026-11-01',
      periodEnd: '2026-10-01',
    };
    expect(said(refused(status, enrolled), STATUS)).toEqual({
      fact: 'periodEnd',
      text: 'The last day of the period must be the same as or after the first day',
    });
  });

  it('says why the area cannot take the report: not enrolled, withdrawn, replaced', () => {
    expect(said(refused(report('schools-recruited', '2026-01-01'), null))).toEqual({
      fact: 'areaCode',
      text: 'Lambeth is not enrolled in Social Workers in Schools',
    });
    expect(
      said(
        refused(report('schools-recruited', '2026-01-01'), {
          ...enrolled,
          withdrawnOn: '2025-07-31',
        }),
      )?.text,
    ).toBe('Lambeth was withdrawn from Social Workers in Schools on 31 July 2025');
    expect(
      said(
        refused(
          report('schools-recruited', '2024-01-01'),
          { ...enrolled, areaCode: CUMBRIA },
          CUMBRIA,
        ),
        {
          ...MILESTONE,
          areaCode: CUMBRIA,
        },
      ),
    ).toEqual({
      fact: 'achievedOn',
      text: 'Cumbria was replaced by Cumberland and Westmorland and Furness on 1 April 2023: report for Cumberland and Westmorland and Furness instead',
    });
  });

  it("names the officer's own area when another's is refused", () => {
    const southwark = {
      id: 's',
      name: 'Sam',
      role: Role.LOCAL_AUTHORITY,
      organisation: 'E09000028',
    };
    const error = refusal(() =>
      authorize(southwark, { ...report('schools-recruited', '2026-01-01'), areaCode: LAMBETH }),
    );
    expect(said(error)).toEqual({
      fact: 'areaCode',
      text: 'You can report only for Southwark, not for Lambeth',
    });
  });

  it('says a command id sent again with other answers is for the form as a whole', () => {
    const error = new DomainError(ErrorCode.IDEMPOTENCY_CONFLICT, 'commandId x was used', {
      field: 'commandId',
    });
    expect(said(error)?.fact).toBeNull();
  });

  it("has no words for what is not the form's to say (an unknown programme, a version conflict)", () => {
    expect(
      said(new DomainError(ErrorCode.NOT_FOUND, 'Programme x was not found', { id: 'x' })),
    ).toBeNull();
    expect(said(new DomainError(ErrorCode.VERSION_CONFLICT, 'moved on'))).toBeNull();
  });
});

describe("a CSV row's problems in the same words", () => {
  const row = (field: string, rule: string, code = ErrorCode.BAD_USER_INPUT) =>
    refusalText({ code, field, rule }, MILESTONE, names)?.text;

  it('says the same as the form, by column and rule', () => {
    expect(row('achievedOn', 'required')).toBe('Enter the date the milestone was achieved');
    expect(row('achievedOn', 'notInFuture')).toBe(
      'The date the milestone was achieved must be today or in the past',
    );
    expect(row('achievedOn', 'calendarDate')).toBe(
      'The date the milestone was achieved must be a real date, written year-month-day, like 2026-12-04',
    );
    expect(row('evidenceUrl', 'httpUrl')).toBe(
      'Enter the link to the evidence as a web address starting with https:// or http://, like https://www.example.com/report',
    );
    expect(row('note', 'maxLength')).toBe('The note must be 4,000 characters or less');
    expect(row('note', 'noDirectionOverrides')).toBe(
      'The note must not include hidden characters, such as control or formatting characters',
    );
    expect(row('areaCode', 'pattern')).toBe('The area code must be an ONS code, like E09000022');
    expect(row('milestoneKey', 'knownMilestone')).toBe(
      'Social Workers in Schools has no such milestone: its milestones are schools-recruited and social-workers-in-post',
    );
    expect(row('milestoneKey', 'pattern')).toBe(
      'The milestone must be written in lower-case words joined by hyphens, like schools-recruited',
    );
  });

  it("without a DomainError's details, still says what is wrong", () => {
    expect(row('milestoneKey', '', ErrorCode.ALREADY_EXISTS)).toBe(
      'Schools recruited was already reported as achieved on another date',
    );
    expect(row('areaCode', '', ErrorCode.FORBIDDEN)).toBe('You cannot report for Lambeth');
    expect(row('areaCode', '', ErrorCode.AREA_REPLACED)).toBe(
      'Lambeth has been replaced by another local authority: report for the one that replaced it instead',
    );
  });

  it('has no words for a rule it does not know, so the row keeps its own message', () => {
    expect(row('achievedOn', 'somethingNew')).toBeUndefined();
  });
});

describe('the text rule in words', () => {
  it('says what is wrong with a text, or nothing when it keeps the rule', () => {
    expect(textRuleProblem('commentary', 'On track')).toBeNull();
    expect(textRuleProblem('evidence', 'https://example.org/\nplan')).toBe(
      'The link to the evidence must be on one line',
    );
    expect(textRuleProblem('evidence', `https://example.org/${'x'.repeat(2048)}`)).toBe(
      'The link to the evidence must be 2,048 characters or less',
    );
  });
});
