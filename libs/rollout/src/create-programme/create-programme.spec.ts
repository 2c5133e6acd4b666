import { ErrorCode } from '@app/kernel';
import { decideProgramme, ProgrammeCommand } from '../domain/programme';
import { NOW, PROGRAMME, refusal } from '../testing/scenario';

const create = (overrides: Partial<Extract<ProgrammeCommand, { kind: 'CreateProgramme' }>> = {}) =>
  ({
    kind: 'CreateProgramme',
    id: 'family-hubs',
    name: 'Family hubs',
    recommendations: ['CSC-FAMILY-HUBS'],
    milestones: [
      {
        key: 'first-hub-open',
        title: 'First hub open',
        description: null,
        targetDate: '2024-03-31',
      },
      {
        key: 'network-complete',
        title: 'Network complete',
        description: 'All hubs',
        targetDate: null,
      },
    ],
    ...overrides,
  }) as ProgrammeCommand;
const context = {
  occurredAt: NOW.toISOString(),
  now: NOW,
  isKnownRecommendation: (id: string) => id.startsWith('CSC-'),
};

describe('create a programme', () => {
  it('given nothing, when created, then the programme and each national target are recorded', () => {
    expect(decideProgramme(create(), null, context)).toEqual([
      {
        type: 'ProgrammeCreated',
        data: {
          id: 'family-hubs',
          name: 'Family hubs',
          recommendations: ['CSC-FAMILY-HUBS'],
          milestones: [
            { key: 'first-hub-open', title: 'First hub open', description: null },
            { key: 'network-complete', title: 'Network complete', description: 'All hubs' },
          ],
        },
      },
      {
        type: 'MilestoneTargetSet',
        data: {
          milestoneKey: 'first-hub-open',
          targetDate: '2024-03-31',
          previousTargetDate: null,
        },
      },
    ]);
  });

  it('given a programme, when created again, then ALREADY_EXISTS', () => {
    expect(refusal(() => decideProgramme(create(), PROGRAMME, context)).code).toBe(
      ErrorCode.ALREADY_EXISTS,
    );
  });

  it('refuses unknown or repeated recommendations, and no or repeated milestones', () => {
    expect(
      refusal(() => decideProgramme(create({ recommendations: ['NOPE'] }), null, context)).details,
    ).toEqual({ field: 'recommendations', rule: 'knownRecommendation' });
    expect(
      refusal(() => decideProgramme(create({ recommendations: ['CSC-A', 'CSC-A'] }), null, context))
        .details,
    ).toEqual({ field: 'recommendations', rule: 'unique' });
    expect(
      refusal(() => decideProgramme(create({ milestones: [] }), null, context)).details,
    ).toEqual({
      field: 'milestones',
      rule: 'required',
    });
    const twice = { key: 'same', title: 'Same', description: null, targetDate: null };
    expect(
      refusal(() => decideProgramme(create({ milestones: [twice, twice] }), null, context)).details,
    ).toEqual({ field: 'milestones', rule: 'uniqueKeys' });
  });
});
