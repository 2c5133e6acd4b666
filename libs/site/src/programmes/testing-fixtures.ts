import { LocalAuthorityRegister } from '@app/areas';
import type { RecordedEvent } from '@app/kernel';
import {
  Rag,
  rollUp,
  type AreaRolloutEvent,
  type AreaRolloutState,
  type ProgrammeState,
} from '@app/rollout';

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
  facts: [],
  nationalMilestones: [],
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

/** Lambeth's officer, as an event's metadata records them. */
export const officer = {
  id: 'token-7f3a',
  name: 'Priya Shah',
  role: 'LOCAL_AUTHORITY',
  organisation: 'E09000022',
};

/** An area's event of the programme as the store gives it back, by Lambeth's officer. */
export const recorded = (
  event: AreaRolloutEvent,
  metadata: Record<string, unknown> = {},
  areaCode = 'E09000022',
): RecordedEvent => ({
  eventId: 'e1',
  streamId: `rollout-hubs.${areaCode}`,
  version: 1,
  position: 1,
  type: event.type,
  data: event.data,
  metadata: {
    actor: officer,
    occurredAt: '2023-06-01T00:00:00.000+01:00',
    reason: null,
    evidence: [],
    commandId: 'c1',
    ...metadata,
  },
  recordedAt: '2023-06-02T09:00:00.000Z',
});
