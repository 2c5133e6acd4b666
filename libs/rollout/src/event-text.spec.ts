import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { FundRecommendationInput } from '../../recommendations/src/fund-recommendation/fund-recommendation.input';
import { ProposeRecommendationInput } from '../../recommendations/src/propose-recommendation/propose-recommendation.input';
import { RejectRecommendationInput } from '../../recommendations/src/reject-recommendation/reject-recommendation.input';
import { CreateProgrammeInput } from './create-programme/create-programme.input';
import { EnrolAreaInput } from './enrol-area/enrol-area.input';
import { ReportMilestoneInput } from './report-milestone/report-milestone.input';
import { ReportStatusInput } from './report-status/report-status.input';

/**
 * Every GraphQL input text that becomes part of an event keeps the kernel's text rule: the
 * refusal names the field and the rule, and (refused by validation) no command runs.
 */
const RLO = '\u202E';
const area = { programmeId: 'family-hubs', areaCode: 'E09000022' };
const valid: [new () => object, Record<string, unknown>][] = [
  [
    ProposeRecommendationInput,
    {
      id: 'CSC-X',
      title: 'A title',
      summary: 'Line one\nLine two',
      sourceId: 'ircsc-final-report-2022',
      theme: 'Family help',
      owner: 'DfE',
      reason: 'Because',
      evidence: ['https://example.org/a'],
    },
  ],
  [FundRecommendationInput, { id: 'CSC-X', fundingSource: 'DfE budget' }],
  [RejectRecommendationInput, { id: 'CSC-X', reason: 'Line one\n\tLine two' }],
  [
    CreateProgrammeInput,
    {
      id: 'family-hubs',
      name: 'Family hubs',
      recommendations: ['CSC-X'],
      milestones: [{ key: 'open', title: 'Open', description: 'First\nhub' }],
    },
  ],
  [EnrolAreaInput, { ...area, wave: '1' }],
  [ReportMilestoneInput, { ...area, milestoneKey: 'open', achievedOn: '2024-01-01', note: 'a\nb' }],
  [
    ReportStatusInput,
    {
      ...area,
      rag: 'GREEN',
      commentary: 'a\nb',
      periodStart: '2024-01-01',
      periodEnd: '2024-03-31',
    },
  ],
];

/** [input, field path, bad value, the rule it breaks] */
const bad: [new () => object, string, unknown, string][] = [
  [ProposeRecommendationInput, 'title', `Fund ${RLO}sdrawkcab`, 'noDirectionOverrides'],
  [ProposeRecommendationInput, 'title', 'a'.repeat(301), 'maxLength'],
  [ProposeRecommendationInput, 'summary', 'a\u0000b', 'noControlCharacters'],
  [ProposeRecommendationInput, 'owner', 'Df\u200BE', 'noInvisibleCharacters'],
  [ProposeRecommendationInput, 'theme', 'Family\nhelp', 'singleLine'],
  [ProposeRecommendationInput, 'owner', 'D\uD800fE', 'wellFormed'],
  [ProposeRecommendationInput, 'reason', 'a'.repeat(4001), 'maxLength'],
  [ProposeRecommendationInput, 'reason', `why${RLO}`, 'noDirectionOverrides'],
  [FundRecommendationInput, 'fundingSource', 'DfE\u001B[2J', 'noControlCharacters'],
  [CreateProgrammeInput, 'name', `Hubs${RLO}`, 'noDirectionOverrides'],
  [CreateProgrammeInput, 'milestones.0.title', 'Open\tnow', 'singleLine'],
  [CreateProgrammeInput, 'milestones.0.description', 'a\u0085', 'noControlCharacters'],
  [EnrolAreaInput, 'wave', '1\u2066', 'noDirectionOverrides'],
  [ReportMilestoneInput, 'note', `note ${RLO}`, 'noDirectionOverrides'],
  [ReportMilestoneInput, 'note', 'x'.repeat(4001), 'maxLength'],
  [ReportStatusInput, 'commentary', 'ok\u0007', 'noControlCharacters'],
];

const problems = (errors: ValidationError[], prefix = ''): [string, string, string][] =>
  errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    return [
      ...Object.entries(error.constraints ?? {}).map(
        ([rule, message]): [string, string, string] => [field, rule, message],
      ),
      ...problems(error.children ?? [], field),
    ];
  });

const check = (input: new () => object, plain: Record<string, unknown>) =>
  problems(validateSync(plainToInstance(input, plain), { whitelist: true }));

function withValue(plain: Record<string, unknown>, path: string, value: unknown) {
  const copy = structuredClone(plain);
  const keys = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys.at(-1)!] = value;
  return copy;
}

describe('text that becomes part of an event, in GraphQL inputs', () => {
  it.each(valid)(
    '%p accepts ordinary text, with lines where a field allows them',
    (input, plain) => {
      expect(check(input, plain)).toEqual([]);
    },
  );

  it.each(bad)('%p refuses %s: %j breaks %s', (input, path, value, rule) => {
    const [, plain] = valid.find(([candidate]) => candidate === input)!;
    expect(check(input, withValue(plain, path, value))).toEqual([
      [path, rule, expect.stringMatching(/^(each of )?\w+ must /)],
    ]);
  });
});
