import 'reflect-metadata';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { InvalidInputError } from '@app/kernel';
import { CreateProgrammeInput } from '../../../libs/rollout/src/create-programme/create-programme.input';
import { ReportStatusInput } from '../../../libs/rollout/src/report-status/report-status.input';
import { invalidInputFrom } from './graphql-errors';
import { CachedValidationPipe } from './validation-pipe';

const OPTIONS = {
  transform: true,
  whitelist: true,
  forbidUnknownValues: true,
  exceptionFactory: invalidInputFrom,
};

const status = {
  programmeId: 'family-hubs',
  areaCode: 'E09000022',
  rag: 'GREEN',
  commentary: 'Monthly return',
  periodStart: '2025-06-01',
  periodEnd: '2025-06-30',
};
const programme = {
  id: 'family-hubs',
  name: 'Family hubs',
  recommendations: ['CSC-SWIS'],
  milestones: [{ key: 'm1', title: 'First', targetDate: '2025-12-31' }],
};

type InputClass = new () => object;

const CASES: [string, InputClass, unknown][] = [
  ['a valid status', ReportStatusInput, status],
  ['a valid status with a field it does not know', ReportStatusInput, { ...status, extra: 1 }],
  ['a bad area code', ReportStatusInput, { ...status, areaCode: 'X1' }],
  ['30 February', ReportStatusInput, { ...status, periodEnd: '2025-02-30' }],
  [
    'several bad fields',
    ReportStatusInput,
    { ...status, rag: 'BLUE', programmeId: 'Not An Id', commentary: 7, periodStart: 'soon' },
  ],
  ['no fields at all', ReportStatusInput, {}],
  ['a valid programme', CreateProgrammeInput, programme],
  [
    'bad nested milestones',
    CreateProgrammeInput,
    {
      ...programme,
      milestones: [{ key: 'Bad Key', title: '', targetDate: '2025-13-01' }, { key: 'ok' }],
    },
  ],
];

/** What a pipe makes of a value: the instance it hands on, or its refusal. */
async function outcome(pipe: ValidationPipe, metatype: InputClass, value: unknown) {
  const metadata: ArgumentMetadata = { type: 'body', metatype, data: 'input' };
  try {
    const transformed = (await pipe.transform(structuredClone(value), metadata)) as object;
    return { ok: true, type: transformed.constructor.name, value: { ...transformed } };
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    const refusal = error as InvalidInputError;
    return { ok: false, message: refusal.message, details: refusal.details };
  }
}

describe('CachedValidationPipe', () => {
  it('accepts, strips and refuses exactly as ValidationPipe does, with the same errors', async () => {
    // ValidationPipe first, before the cache is installed on class-validator's rules.
    const plain = new ValidationPipe(OPTIONS);
    const expected = [];
    for (const [, metatype, value] of CASES) expected.push(await outcome(plain, metatype, value));
    const cached = new CachedValidationPipe(OPTIONS);
    for (let round = 0; round < 2; round++) {
      for (const [i, [name, metatype, value]] of CASES.entries()) {
        expect([name, await outcome(cached, metatype, value)]).toEqual([name, expected[i]]);
      }
    }
    expect(expected.map((result) => result.ok)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      true,
      false,
    ]);
    expect(expected[1]).toMatchObject({ ok: true });
    expect((expected[1] as { value: object }).value).not.toHaveProperty('extra');
  });
});
