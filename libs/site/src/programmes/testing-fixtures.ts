import { LocalAuthorityRegister } from '@app/areas';
import { Rag, rollUp, type AreaRolloutState, type ProgrammeState } from '@app/rollout';

/** A small programme and its roll-up on the shipped areas, for the page specs. */
export const programme: ProgrammeState = {
  id: 'hubs',
  name: 'Family hubs',
  recommendations: ['CSC-1'],
  milestones: [
    { key: 'plan', title: 'Plan agreed', description: null, targetDate: '2024-01-31' },
    { key: 'open', title: 'First hub open', description: null, targetDate: null },
  ],
  version: 2,
  createdAt: '2023-01-01T00:00:00.000Z',
};

export const rollout = (
  areaCode: string,
  changes: Partial<AreaRolloutState> = {},
): AreaRolloutState => ({
  programmeId: 'hubs',
  areaCode,
  version: 1,
  enrolledOn: '2023-02-01',
  pilot: false,
  wave: null,
  withdrawnOn: null,
  achievements: {},
  targets: {},
  status: null,
  ...changes,
});

export const register = LocalAuthorityRegister.shipped();
const achieved = { achievedOn: '2023-06-01', note: null, evidence: [] };
export const rollup = rollUp(
  programme,
  [
    rollout('E09000022', {
      achievements: { plan: achieved },
      status: {
        rag: Rag.AMBER,
        commentary: 'Recruitment is slow',
        periodStart: '2024-01-01',
        periodEnd: '2024-03-31',
      },
    }),
    rollout('E08000003', { achievements: { plan: achieved, open: achieved } }),
    rollout('E06000009'),
    rollout('E10000016', { withdrawnOn: '2024-02-01' }),
  ],
  new Map(),
  register,
  '2024-06-01',
);
